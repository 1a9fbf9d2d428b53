"use client";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Owned, used and inactive (over the threshold) rights per model, as bars. Its numbers are in the table beside it. */
export function UsageBars({ data }: { data: { model: string; owned: number; used: number; inactive: number }[] }) {
  return (
    <div className="h-72 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="model" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="owned" name="Owned" fill="#64748b" />
          <Bar dataKey="used" name="Used" fill="#2563eb" />
          <Bar dataKey="inactive" name="Inactive over 60 days" fill="#f59e0b" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Rights used across the last runs, one line per model. */
export function UsageTrend({ data, models }: { data: Record<string, string | number>[]; models: string[] }) {
  const colors = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2"];
  return (
    <div className="h-60 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="run" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          {models.map((m, i) => (
            <Line key={m} type="monotone" dataKey={m} name={`${m} (used)`} stroke={colors[i % colors.length]} dot />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

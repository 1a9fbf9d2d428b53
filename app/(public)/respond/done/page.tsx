import { PublicCard } from "../public-card";

export const metadata = { title: "Your license", robots: { index: false, follow: false } };

const RESULTS = {
  keep: { title: "Thank you", body: "Your request to keep the license was recorded. Your software asset team reviews it and tells you what they decide." },
  release: { title: "Thank you", body: "The license is being taken back now. Your content stays." },
  slow: { title: "Too many attempts", body: "Nothing was changed. Wait a minute, then open the link from your email again." },
  invalid: { title: "This link is not valid", body: "It was already used, its date has passed, or it was copied incompletely. Nothing was changed." },
} as const;

export default async function RespondDonePage({ searchParams }: { searchParams: Promise<{ result?: string }> }) {
  const key = (await searchParams).result;
  const result = key && key in RESULTS ? RESULTS[key as keyof typeof RESULTS] : RESULTS.invalid;
  return (
    <PublicCard title={result.title}>
      <p>{result.body}</p>
    </PublicCard>
  );
}

/** Word lists for generated data. Plain data, kept apart so generate.ts reads as an algorithm. */

export const ORG_NAMES = [
  "Northwind Traders",
  "Contoso Ltd",
  "Fabrikam Inc",
  "Tailspin Toys",
  "Wingtip Solutions",
  "Adventure Works",
  "Litware Systems",
  "Proseware Group",
  "Woodgrove Bank",
  "Lucerne Publishing",
] as const;

export const TEAM_NAMES = [
  "Product",
  "Engineering",
  "Design",
  "Marketing",
  "Sales",
  "Customer Success",
  "Finance",
  "People Ops",
  "Legal",
  "IT",
  "Data & Analytics",
  "Research",
  "Operations",
  "Security",
  "Partnerships",
  "Developer Relations",
] as const;

export const GIVEN_NAMES = [
  "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
  "Maria", "Liam", "Olivia", "Noah", "Emma", "Lucas", "Mia", "Ethan", "Sofia", "Mateo",
  "Aisha", "Kenji", "Priya", "Omar", "Ingrid", "Tomas", "Chloe", "Hugo", "Leila", "Ravi",
  "Anna", "Ben", "Clara", "David", "Elena", "Felix", "Grace", "Henrik", "Isla", "Jonas",
] as const;

export const FAMILY_NAMES = [
  "Smith", "Garcia", "Müller", "Rossi", "Nguyen", "Kim", "Patel", "Silva", "Kowalski", "Dubois",
  "Johnson", "Tanaka", "Hansen", "Novak", "Oliveira", "Schmidt", "Brown", "Lopez", "Ivanova", "Cohen",
  "Wilson", "Martin", "Larsen", "Fischer", "Costa", "Moreau", "Andersson", "Singh", "Yilmaz", "Byrne",
  "Walker", "Young", "King", "Wright", "Hill", "Green", "Baker", "Adams", "Nelson", "Carter",
] as const;

export const EXTERNAL_DOMAINS = ["partner-agency.example", "freelance.example", "vendorco.example", "gmail.example"] as const;

export const DEPARTMENTS = ["Product", "Engineering", "Design", "Marketing", "Sales", "Finance", "HR", "IT", "Legal", "Operations"] as const;

export const LANGUAGES = ["en_US", "en_US", "en_US", "de_DE", "fr_FR", "es_ES", "ja_JP"] as const;

/** What an API key may do: `operator` sends commands and reads; `auditor` reads and audits. */
export type Role = 'operator' | 'auditor';

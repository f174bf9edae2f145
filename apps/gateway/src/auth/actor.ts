/** Who calls the gateway, as their verified token says. */
export const roles = ['company', 'worker', 'user', 'operator'] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  /** The company id, the worker's or user's 12-digit id, or the operator's login. */
  readonly id: string;
  readonly role: Role;
}

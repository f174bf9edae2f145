/** Turns the data of version n of an event into version n + 1. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** One event's contract: its name, the JSON Schema of its latest data, and how older data catches up. */
export interface EventContract<Type extends string = string> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: object;
  /** `upcasters[n]` upgrades version n to n + 1; one per older version. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

export const defineEvent = <Type extends string>(contract: EventContract<Type>): EventContract<Type> => contract;

import { useState } from 'react';

const prefix = 'prestaflow.draft.';

/**
 * Text a person is writing (a contest's reason, which form is open), kept in this tab until it is
 * sent or emptied: a session that ends meanwhile (the token refused, the gateway restarted) goes
 * to login and back, and the text is still there (newcomer trial: it was lost). `key` names whose
 * it is: the person's id first, then what it is of (`<id>.user.contest.<prestation>.reason`).
 * Another person logging in on the tab drops it (`forgetOthers`), logging out clears every
 * draft (`forgetPerson`). Setting '' forgets it.
 */
export function useDraft(key: string): [string, (text: string) => void] {
  const [text, setText] = useState(() => sessionStorage.getItem(prefix + key) ?? '');
  const set = (next: string) => {
    if (next) sessionStorage.setItem(prefix + key, next);
    else sessionStorage.removeItem(prefix + key);
    setText(next);
  };
  return [text, set];
}

// The copies of a person's lists kept on the device for offline use (`useResource` `keep`): `prestaflow.<area>.<person>.<list>`.
const keptList = /^prestaflow\.(worker|user|company)\.([^.]+)\./;

/**
 * The key under which a person's list is kept on the device for offline use (`useResource` `keep`).
 * The id is escaped, dots included: an identity provider's id may hold one ("a.b" must not pass for "a"'s).
 */
export const keptListKey = (person: Person, list: string) => `prestaflow.${person.role}.${encodeURIComponent(person.id).replace(/\./g, '%2E')}.${list}`;

/** Whose drafts and kept lists: a person of an area. */
interface Person {
  readonly role: string;
  readonly id: string;
}

/**
 * On logging out: nothing written on this tab stays for the next person, nor the copies of the
 * person's lists kept on the device (names, companies and reasons).
 */
export function forgetPerson(person: Person): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(prefix)) sessionStorage.removeItem(key);
  for (const key of Object.keys(localStorage)) if (key.startsWith(keptListKey(person, ''))) localStorage.removeItem(key);
}

/**
 * On logging in: whatever whoever used the device before left (a tab closed, or a session that
 * ended, without logging out) goes: the drafts of this tab, and every other person's lists kept on
 * the device (newcomer trial: a worker's history stayed readable after its tab was closed). Also
 * those of a person still logged in in another tab of this browser (sessions are per tab): their
 * copy is written again with their next answer, and until then their screen shows the last one it
 * fetched. A shared device matters more than that tab's offline copy.
 */
export function forgetOthers(person: Person): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(prefix) && !key.startsWith(`${prefix}${person.id}.${person.role}.`)) sessionStorage.removeItem(key);
  for (const key of Object.keys(localStorage)) if (keptList.test(key) && !key.startsWith(keptListKey(person, ''))) localStorage.removeItem(key);
}

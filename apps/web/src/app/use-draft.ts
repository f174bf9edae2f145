import { useState } from 'react';

const prefix = 'prestaflow.draft.';

/**
 * Text a person is writing (a contest's reason, which form is open), kept in this tab until it is
 * sent or emptied: a session that ends meanwhile (the token refused, the gateway restarted) goes
 * to login and back, and the text is still there (newcomer trial: it was lost). `key` names whose
 * it is: the person's id first, then what it is of (`<id>.user.contest.<prestation>.reason`).
 * Another person logging in on the tab drops it (`forgetDraftsExcept`), logging out clears every
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

/**
 * On logging out: nothing written on this tab stays for the next person, nor the copies of the
 * person's lists kept on the device for offline use (`useResource` `keep`: names, companies and
 * reasons; they are named `prestaflow.<area>.<person>.<list>`).
 */
export function forgetPerson(personId: string): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(prefix)) sessionStorage.removeItem(key);
  for (const key of Object.keys(localStorage)) if (key.startsWith('prestaflow.') && key.includes(`.${personId}.`)) localStorage.removeItem(key);
}

/** On logging in: the drafts of whoever used the tab before (a session that ended without logging out) go. */
export function forgetDraftsExcept(personId: string): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(prefix) && !key.startsWith(`${prefix}${personId}.`)) sessionStorage.removeItem(key);
}

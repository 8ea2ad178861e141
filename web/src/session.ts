// The signed-in party's bearer token. It is kept in sessionStorage only (gone
// when the tab closes, never in localStorage or a cookie) and sent only as
// `Authorization: Bearer` to the node that served the page.

const KEY = 'accord.token';

/** Whether `token` has the shape the node issues: acc_ + 16 hex + _ + 43 base64url (docs/registry.md). */
export function isTokenShaped(token: string): boolean {
  return /^acc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/.test(token);
}

export function readToken(): string | undefined {
  try {
    const token = sessionStorage.getItem(KEY);
    return token === null || token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}

export function storeToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode quota): the token then lasts only as long as the page.
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}

/**
 * What a stateless token's check says now, at exactly its timeout, and one second later:
 * `[true, true, false]` for a token that holds until the timeout. Advances the test's clock.
 */
export function checksAroundTimeout(check: () => boolean, advanceMs: (ms: number) => void, timeoutSeconds: number): boolean[] {
  const seen = [check()];
  advanceMs(timeoutSeconds * 1000);
  seen.push(check());
  advanceMs(1000);
  seen.push(check());
  return seen;
}

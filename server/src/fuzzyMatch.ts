// Subsequence matching for workspace/symbol: "tcpconreq" finds tcp_conn_request.
/** A score (higher is better) when every query character appears in order in name, else undefined. */
export function fuzzyScore(query: string, name: string): number | undefined {
  if (query.length === 0) return 0;
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  if (n === q) return 1000;
  if (n.startsWith(q)) return 500 - n.length;
  const substring = n.indexOf(q);
  if (substring >= 0) return 300 - substring - n.length / 10;
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = n.indexOf(ch, from);
    if (at < 0) return undefined;
    score += at === previous + 1 ? 3 : at === 0 || n[at - 1] === "_" ? 2 : 0;
    previous = at;
    from = at + 1;
  }
  return score - n.length / 10;
}

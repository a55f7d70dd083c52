// Subsequence matching for workspace/symbol: "tcpconreq" finds tcp_conn_request.
/** A score (higher is better) when every character of the query `q` appears in order in the name `n`, else
 * undefined; both in lower case (the index keeps its names' lower case: WorkspaceIndex.allNames). */
export function fuzzyScore(q: string, n: string): number | undefined {
  if (q.length === 0) return 0;
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

/**
 * Which edges of a directed graph lie on a cycle: `a → b` does when `b` leads
 * back to `a` (`a → a` included). Strongly connected components by Tarjan's
 * algorithm, iteratively, so a long chain of jobs costs no call stack.
 */
export function cyclicEdges<T>(nodes: Iterable<T>, next: (node: T) => readonly T[]): (from: T, to: T) => boolean {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const component = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  let counter = 0;
  let components = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: T; edges: readonly T[]; i: number }[] = [];
    const open = (node: T) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: next(node), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++];
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent) as number, low.get(frame.node) as number));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        let member: T;
        do {
          member = stack.pop() as T;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.node);
        components++;
      }
    }
  }
  return (from, to) => from === to || (component.has(from) && component.get(from) === component.get(to));
}

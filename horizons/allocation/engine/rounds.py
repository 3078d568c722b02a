"""Rounds for rotation events: who meets which class when.

At a rotation event with k rounds each volunteer meets at most k classes and each class at
most k volunteers. By König's edge-colouring theorem such a bipartite meeting graph can always
be coloured with k colours, a colour being a round, so the solver never has to model rounds:
they are worked out afterwards here, by the classic alternating-path method.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Node = tuple[str, str]


def colour_rounds(pairs: Sequence[tuple[str, str]], rounds: int) -> list[int]:
    """Round 1…`rounds` for each (volunteer, class) pair, no one twice in one round.

    Raises ValueError if someone has more than `rounds` pairs (then no timetable exists).
    """
    if len(set(pairs)) < len(pairs):
        raise ValueError("a volunteer meets the same class twice")
    degree = Counter(node for v, c in pairs for node in (("v", v), ("c", c)))
    for node, n in degree.items():
        if n > rounds:
            raise ValueError(f"{node[1]} has {n} meetings, more than {rounds} rounds")
    at: dict[Node, dict[int, Node]] = {node: {} for node in degree}
    result: list[int] = []
    for v, c in pairs:
        u, w = ("v", v), ("c", c)
        a = next(k for k in range(rounds) if k not in at[u])
        b = next(k for k in range(rounds) if k not in at[w])
        if a in at[w]:
            # Swap colours a and b along the path from w that alternates a, b, a, …; in a
            # bipartite graph it cannot end at u, so afterwards a is free at both ends.
            path = [w]
            colour = a
            while colour in at[path[-1]]:
                path.append(at[path[-1]][colour])
                colour = b if colour == a else a
            edges = [(path[i], path[i + 1]) for i in range(len(path) - 1)]
            old = [a if at[x].get(a) == y else b for x, y in edges]
            for (x, y), col in zip(edges, old, strict=True):
                del at[x][col]
                del at[y][col]
            for (x, y), col in zip(edges, old, strict=True):
                new = b if col == a else a
                at[x][new] = y
                at[y][new] = x
        at[u][a] = w
        at[w][a] = u
    for v, c in pairs:
        u, w = ("v", v), ("c", c)
        result.append(next(k for k, node in at[u].items() if node == w) + 1)
    return result

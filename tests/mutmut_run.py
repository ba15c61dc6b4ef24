"""Mutation testing with mutmut 3 (`make mutate`; docs/mutation-testing.md), with two additions.

`python tests/mutmut_run.py run [mutant names]` is `mutmut run`, except that a function whose only decorator
is `transaction.atomic` is mutated too. mutmut leaves every decorated function alone (a decorator may have
side effects when the function is copied), which would leave out every grant service that moves money. The
transaction decorator has none: mutmut keeps it on the trampoline and on each copy, so the original and every
mutant still run inside their transaction (a copy's own atomic block is a savepoint inside the trampoline's).

The text of a message (the argument of `_()`, `gettext`, `gettext_lazy`, `ngettext`) is not mutated either: a
changed message id is a change of wording, not of a rule (the Thai catalogue is checked by
tests/test_translations.py). What the code does with a message (raising it, formatting it) is still mutated.

`python tests/mutmut_run.py score` prints killed / total for each mutated module from mutants/ after a run.
Any other arguments go to mutmut unchanged (`results`, `show <mutant>`, `browse`...).
"""

import sys
from collections import Counter
from pathlib import Path


def _is_transaction_atomic(decorator) -> bool:
    import libcst as cst

    return (
        isinstance(decorator, cst.Attribute)
        and isinstance(decorator.value, cst.Name)
        and decorator.value.value == "transaction"
        and decorator.attr.value == "atomic"
    )


TRANSLATION_CALLS = {"_", "gettext", "gettext_lazy", "ngettext"}


def _is_message(node) -> bool:
    import libcst as cst

    called = node.func if isinstance(node, cst.Call) else None
    return isinstance(called, cst.Name) and called.value in TRANSLATION_CALLS


def configure_mutations() -> None:
    import libcst as cst
    from libcst.metadata import PositionProvider
    from mutmut.mutation.file_mutation import MutationVisitor

    skip = MutationVisitor._skip_node_and_children

    def skip_node_and_children(self, node) -> bool:
        if _is_message(node):
            return True
        if (
            isinstance(node, cst.FunctionDef)
            and node.decorators
            and all(_is_transaction_atomic(d.decorator) for d in node.decorators)
        ):
            position = self.get_metadata(PositionProvider, node, None)
            if position and position.start.line in self._ignored_node_lines:  # `# pragma: no mutate block`
                self.ignored_functions.add(node.name.value)
                return True
            return False
        return skip(self, node)

    MutationVisitor._skip_node_and_children = skip_node_and_children


def _status(code) -> str:
    """mutmut's exit codes: a test failed (1; 3 is pytest's internal error), the mutant ran out of time, every
    test passed (0), no test reaches the function (33), not run yet (None)."""
    if code in (1, 3):
        return "killed"
    if code in (24, -24, 36, 152, 255):
        return "timeout"
    return {0: "survived", 5: "no tests", 33: "no tests", None: "not run"}.get(code, "other")


COLUMNS = ("killed", "timeout", "survived", "no tests", "not run", "other")


def score() -> int:
    """Killed / total per module; a timeout counts as killed (the mutant never finished its tests)."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.utils.file_utils import walk_mutatable_files

    rows = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        if data.exit_code_by_key:
            rows.append((str(path), Counter(_status(c) for c in data.exit_code_by_key.values())))
    if not rows:
        print("No results in mutants/: run `make mutate` first.")
        return 1
    print(f"{'module':<22}" + "".join(f"{c:>10}" for c in COLUMNS) + f"{'total':>8}{'score':>8}")
    for path, counts in sorted(rows):
        total = sum(counts.values())
        caught = counts["killed"] + counts["timeout"]
        cells = "".join(f"{counts[c]:>10}" for c in COLUMNS)
        print(f"{path:<22}{cells}{total:>8}{100 * caught / total:>7.1f}%")
    return 0


def main() -> int:
    if sys.argv[1:2] == ["score"]:
        return score()
    configure_mutations()
    from mutmut.__main__ import cli

    return cli()


if __name__ == "__main__":
    # Run as a script from the project root: its own folder (tests/) is no place to import modules from, and
    # mutmut imports the project only from its copy in mutants/.
    if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    sys.exit(main())

"""Mutation testing with mutmut 3 (`make mutate`; docs/mutation-testing.md), one module at a time.

    python tests/mutmut_run.py run [kit/thai.py ...]   mutate these modules (default: all of them)
        [--sample N | --all]                           N of each module's mutants (the same N every time), or
                                                       every mutant (default: [tool.mutation.sample])
    python tests/mutmut_run.py score                   killed / tried per module
    python tests/mutmut_run.py survivors               every mutant not killed, with its diff
    python tests/mutmut_run.py mutmut <module> <args>  a mutmut command in that module's folder (show, ...)

Each module is mutated in its own folder, var/mutation/<module>/, where the project is linked in and
mutmut's settings are those of `[tool.mutmut]` with only that module mutated and only its own tests selected
(`[tool.mutation.modules]` in pyproject.toml): a mutant of kit/thai.py runs the tests of kit/thai.py, not
every grant test that happens to format an amount. mutmut keeps one test selection per folder, so the modules
cannot share one.

Two rules are added to mutmut's:

- A function whose only decorator is `transaction.atomic` is mutated too. mutmut leaves every decorated
  function alone (a decorator may have side effects when the function is copied), which would leave out every
  grant service that moves money. The transaction decorator has none: mutmut keeps it on the trampoline and on
  each copy, so the original and every mutant still run inside their transaction.
- The text of a message (the argument of `_()`, `gettext`, `gettext_lazy`, `ngettext`) is not mutated: a
  changed message id is a change of wording, not of a rule (the Thai catalogue is checked by
  tests/test_translations.py). What the code does with a message (raising it, formatting it) is still mutated.
"""

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
NOT_LINKED = {".git", ".venv", "var", "mutants", "__pycache__", ".pytest_cache", ".hypothesis"}


def _settings() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]


def modules() -> dict[str, list[str]]:
    return _settings()["mutation"]["modules"]


def folder(module: str) -> Path:
    return WORK / module.removesuffix(".py").replace("/", ".")


# --- mutmut with the project's two rules --------------------------------------------------------------------


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


def mutmut(args: list[str]) -> int:
    """mutmut's own command line, in the current folder, with the two rules."""
    configure_mutations()
    from mutmut.__main__ import cli

    sys.argv = ["mutmut", *args]
    return cli()


# --- one folder per module ----------------------------------------------------------------------------------


def _toml(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # strings and lists of strings: JSON is TOML


def prepare(module: str) -> Path:
    """A fresh folder for the module: the project linked in, mutmut's settings for this module alone."""
    here = folder(module)
    shutil.rmtree(here, ignore_errors=True)
    here.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name not in NOT_LINKED and entry.name != "pyproject.toml":
            (here / entry.name).symlink_to(entry)
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = project.split("\n[tool.mutmut]", 1)[0]  # mutmut's settings are written below, for this module
    settings = {
        **_settings()["mutmut"],
        "only_mutate": [module],
        "pytest_add_cli_args_test_selection": modules()[module],
    }
    lines = ["", "[tool.mutmut]", *(f"{key} = {_toml(value)}" for key, value in settings.items())]
    (here / "pyproject.toml").write_text(project.rstrip() + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return here


def mutant_names(module: str) -> list[str]:
    """Every mutant mutmut makes of the module (the names it gives them), in order."""
    configure_mutations()
    from mutmut.mutation.file_mutation import mutate_file_contents

    source = (ROOT / module).read_text(encoding="utf-8")
    prefix = module.removesuffix(".py").replace("/", ".")
    cwd = Path.cwd()
    os.chdir(folder(module))  # mutmut reads its settings from the current folder
    try:
        return [f"{prefix}.{name}" for name in mutate_file_contents(module, source, None, None).mutant_names]
    finally:
        os.chdir(cwd)


def sample(module: str, size: int) -> list[str]:
    """`size` of the module's mutants drawn at random with a fixed seed: the same ones on every run."""
    import random

    names = mutant_names(module)
    return sorted(random.Random(f"{module}:{size}").sample(names, min(size, len(names))))


def run(args: list[str]) -> int:
    sizes = _settings()["mutation"].get("sample", {})
    if "--all" in args:
        sizes, args = {}, [a for a in args if a != "--all"]
    if "--sample" in args:
        at = args.index("--sample")
        sizes, args = dict.fromkeys(modules(), int(args[at + 1])), args[:at] + args[at + 2 :]
    for module in args or modules():
        if module not in modules():
            print(f"{module} is not in [tool.mutation.modules] of pyproject.toml")
            return 2
        size = sizes.get(module)
        here = prepare(module)
        names = sample(module, size) if size else []
        print(f"=== {module}: {', '.join(modules()[module])}" + (f" ({len(names)} mutants)" if size else ""))
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "mutmut", module, "run", *names], cwd=here, check=False)
    return score()


# --- results ------------------------------------------------------------------------------------------------


def _status(code) -> str:
    """mutmut's exit codes: a test failed (1; 3 is pytest's internal error), the mutant ran out of time, every
    test passed (0), no selected test reaches the function (33), not run yet (None)."""
    if code in (1, 3):
        return "killed"
    if code in (24, -24, 36, 152, 255):
        return "timeout"
    return {0: "survived", 5: "no tests", 33: "no tests", None: "not run"}.get(code, "other")


def results(module: str) -> dict[str, str]:
    meta = folder(module) / "mutants" / f"{module}.meta"
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {name: _status(code) for name, code in codes.items()}


COLUMNS = ("killed", "timeout", "survived", "no tests", "not run", "other")


def score() -> int:
    """Killed / tried per module; a timeout counts as killed (the mutant never finished its tests). After a
    run on a sample, the mutants not tried are left out of the score, counted as "not run"."""
    print(f"{'module':<22}" + "".join(f"{c:>10}" for c in COLUMNS) + f"{'tried':>8}{'score':>8}")
    for module in modules():
        counts = Counter(results(module).values())
        tried = sum(counts.values()) - counts["not run"]
        if not tried:
            print(f"{module:<22}  (not run)")
            continue
        caught = counts["killed"] + counts["timeout"]
        cells = "".join(f"{counts[c]:>10}" for c in COLUMNS)
        print(f"{module:<22}{cells}{tried:>8}{100 * caught / tried:>7.1f}%")
    return 0


def survivors() -> int:
    for module in modules():
        for name, status in sorted(results(module).items()):
            if status not in ("killed", "timeout", "not run"):
                print(f"# {name}: {status}", flush=True)
                subprocess.run(
                    [sys.executable, __file__, "mutmut", module, "show", name],
                    cwd=folder(module),
                    check=False,
                )
    return 0


def main(args: list[str]) -> int:
    command, rest = (args[0], args[1:]) if args else ("run", [])
    if command == "run":
        return run(rest)
    if command == "score":
        return score()
    if command == "survivors":
        return survivors()
    if command == "mutmut" and rest:
        if Path.cwd() != folder(rest[0]):
            os.chdir(folder(rest[0]))
        return mutmut(rest[1:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    # Run as a script: its own folder (tests/) is no place to import modules from, and mutmut imports the
    # project only from its copy in mutants/.
    if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    sys.exit(main(sys.argv[1:]))

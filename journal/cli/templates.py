"""`templates`: list the templates, print one, copy a built-in one into the journal to change it."""

from __future__ import annotations

import click

from journal.cli.common import all_or_nothing, current_state
from journal.errors import UsageError
from journal.render import echo, echo_document

TEMPLATE_VARIABLES = """\b
Template variables (every template gets all of them):
  period    the period: .key (2025-q1), .label (Q1 2025), .kind, .start,
            .end (dates), .previous(), .next()
  today     the date the document is written
  author    journal.toml's author ("" when unset)
  planned   goals planned for this period in earlier documents: a list
            of {id, text, source, section, status}
  carried   the previous period's goals still open: a list of
            {id, text, period, status}
  previous  the previous period's summary {period, set, done, open,
            dropped, rate}, or none
  Filter: status | checkbox gives a status's marker ([ ], [/], [x], ...).
"""


@click.group(
    invoke_without_command=True,
    help=f"""List the templates: built-in ones and yours (templates/NAME.md wins).

\b
  journal templates              list them, and which one is used
  journal templates show NAME    print one
  journal templates copy NAME    copy a built-in one into templates/ to change

{TEMPLATE_VARIABLES}""",
)
@click.option("--json", "as_json", is_flag=True, help="The list as JSON.")
@click.pass_context
def templates(ctx: click.Context, as_json: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from journal.render import print_templates
    from journal.templates import list_templates

    state = current_state()
    print_templates(list_templates(state.journal().root), as_json=as_json, no_color=state.no_color)


@templates.command(name="show")
@click.argument("name")
def templates_show(name: str) -> None:
    """Print template NAME as the file it is (the one that wins).

    \b
    Example:
      journal templates show weekly
    """
    from journal.templates import load_template

    template = load_template(name, current_state().journal().root)
    echo_document(template.path.read_text(encoding="utf-8"))


@templates.command(name="copy")
@click.argument("name")
@click.option("--force", is_flag=True, help="Replace your templates/NAME.md if it exists.")
@all_or_nothing
def templates_copy(name: str, force: bool) -> None:
    """Copy built-in template NAME into the journal's templates/ folder, to change it there.

    \b
    Example:
      journal templates copy quarterly   then edit templates/quarterly.md
    """
    from journal.atomic import make_private_dir, write_atomic
    from journal.templates import builtin_templates_dir, validate_template_name

    journal = current_state().journal()
    validate_template_name(name)
    source = builtin_templates_dir() / f"{name}.md"
    if not source.is_file():
        from journal.errors import TemplateError

        raise TemplateError(f"no built-in template named '{name}'", hint="built-in: " + ", ".join(
            sorted(p.stem for p in builtin_templates_dir().glob("*.md"))))  # fmt: skip
    target = journal.templates_dir / f"{name}.md"
    if target.exists() and not force:
        raise UsageError(f"{journal.relative(target)} already exists", hint="--force replaces it")
    make_private_dir(target.parent)
    write_atomic(target, source.read_bytes())
    echo(str(target))

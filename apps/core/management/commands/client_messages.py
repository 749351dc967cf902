"""Catalogues of the strings clients read, in every client language except German.

Clients read the portal, the notices about their appointments, hotline and outreach texts;
staff read everything else. Only settings.CLIENT_MESSAGE_SOURCES are extracted (less
settings.CLIENT_MESSAGE_EXCLUDE, the staff pages among them): they are
copied into a temporary directory and Django's makemessages runs there, so it sees neither the
back office's strings nor the German catalogue (German, the back office's language, is
maintained separately). The result is merged into locale/<lang>/LC_MESSAGES/django.po (existing
translations kept, strings no longer used dropped) and compiled. English is the source
language: its msgstr is always the msgid. `--check` writes nothing and lists what is out of
date, untranslated, fuzzy or has placeholders that differ from the msgid's
(docs/translators.md).
"""

import gettext
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import to_locale

# The standard gettext plural rules (CLDR for integers); Django's own catalogues use the same
# numbers of forms except for Russian and Ukrainian, where its fourth form is for fractions.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "fa": "nplurals=2; plural=(n > 1);",
    "ps": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ka": "nplurals=2; plural=(n != 1);",
    "sq": "nplurals=2; plural=(n != 1);",
    "sr_Latn": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "kmr": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
}
EXTENSIONS = ["html", "txt", "py"]
SKIPPED_DIRS = {"tests", "migrations", "__pycache__"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w*\}")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LTR_CONTROLS = re.compile(r"[\u200e\u202a\u202d\u2066]")


def client_locales() -> list[str]:
    """Django's directory names (sr_Latn) of every client language except LANGUAGE_CODE."""
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


# --- reading .po files (the gettext tools write them; we only need to read) -----------------

@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def parse_po(text: str) -> tuple[dict[str, str], list[Entry]]:
    """(header fields, entries without the header) of a .po file's text."""
    entries, entry, target = [], Entry(), None

    def finish():
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        elif line.startswith("#"):
            if target is not None and not line.startswith("#,"):
                finish()
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                entry.fuzzy = True
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword.startswith('"'):
            value = _unquote(line)
            if target == "msgstr":
                entry.msgstr[-1] += value
            elif target:
                setattr(entry, target, getattr(entry, target) + value)
            continue
        if keyword in ("msgctxt", "msgid") and target in ("msgstr",):
            finish()
        entry.obsolete = entry.obsolete or obsolete
        if keyword.startswith("msgstr"):
            entry.msgstr.append(_unquote(rest))
            target = "msgstr"
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, _unquote(rest))
            target = keyword
    finish()
    header = {}
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None:
        for line in entries.pop(0).msgstr[0].splitlines():
            name, _colon, value = line.partition(":")
            header[name.strip()] = value.strip()
    return header, [e for e in entries if not e.obsolete]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# --- extraction -----------------------------------------------------------------------------

def _run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True)  # noqa: S603 (gettext tools, our paths)
    if result.returncode:
        raise CommandError(f"{' '.join(args)}: {result.stderr.strip()}")


def with_header(text: str, locale: str) -> str:
    """The catalogue with our Language, charset and Plural-Forms (never a fuzzy header)."""
    head, _sep, rest = text.partition("\n\n")
    if not head.lstrip().startswith(("msgid \"\"", "#")) or 'msgid ""' not in head:
        head, rest = 'msgid ""\nmsgstr ""', text
    keep = [line for line in head.splitlines()
            if line.strip() != "#, fuzzy"
            and not re.match(r'"(Language|Content-Type|Plural-Forms|Content-Transfer-Encoding):', line)]
    keep += ['"Content-Type: text/plain; charset=UTF-8\\n"', '"Content-Transfer-Encoding: 8bit\\n"',
             f'"Language: {locale}\\n"', f'"Plural-Forms: {PLURAL_FORMS.get(locale, PLURAL_FORMS["en"])}\\n"']
    return "\n".join(keep) + "\n\n" + rest.lstrip("\n")


def _copy_sources(workdir: Path) -> None:
    base = Path(settings.BASE_DIR)
    for source in settings.CLIENT_MESSAGE_SOURCES:
        path = base / source
        if path.is_file():
            (workdir / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, workdir / source)
        elif path.is_dir():
            shutil.copytree(path, workdir / source, dirs_exist_ok=True,
                            ignore=lambda _dir, names: [n for n in names if n in SKIPPED_DIRS])
    for excluded in getattr(settings, "CLIENT_MESSAGE_EXCLUDE", []):
        path = workdir / excluded
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


@contextmanager
def _inside(directory: Path):
    previous = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def extract(workdir: Path, committed: Path | None = None) -> Path:
    """Extract the client strings into workdir/locale, merged with the committed catalogues
    (settings' locale directory unless given); returns workdir/locale. Writes nothing else."""
    committed = committed or Path(settings.BASE_DIR) / "locale"
    workdir.mkdir(parents=True, exist_ok=True)
    _copy_sources(workdir)
    target = workdir / "locale"
    for locale in client_locales():
        po = committed / locale / "LC_MESSAGES" / "django.po"
        text = po.read_text(encoding="utf-8") if po.exists() else ""
        (target / locale / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        (target / locale / "LC_MESSAGES" / "django.po").write_text(with_header(text, locale), encoding="utf-8")
    # makemessages writes into LOCALE_PATHS[0]: here the temporary one, never the project's.
    with _inside(workdir), override_settings(LOCALE_PATHS=[target]):
        call_command("makemessages", locale=client_locales(), domain="django", extensions=EXTENSIONS,
                     no_location=True, no_obsolete=True, no_wrap=True, verbosity=0)
    english = target / "en" / "LC_MESSAGES" / "django.po"
    if english.exists():
        # The source language: every msgstr is its msgid, never a fuzzy guess.
        _run("msgattrib", "--clear-fuzzy", "--empty", "--no-wrap", "-o", str(english), str(english))
        _run("msgen", "--no-wrap", "-o", str(english), str(english))
    return target


def compile_catalogue(po: Path, mo: Path, check_format: bool = True) -> None:
    _run("msgfmt", *(["--check-format"] if check_format else []), "-o", str(mo), str(po))


def _mo_catalogue(mo: Path) -> dict:
    with mo.open("rb") as fp:
        catalogue = dict(gettext.GNUTranslations(fp)._catalog)
    catalogue.pop("", None)
    return catalogue


def problems(fresh: Path, committed: Path, workdir: Path) -> list[str]:
    """Everything a translator or developer must still do, one line each."""
    found = []
    rtl = {to_locale(code) for code in settings.LANGUAGES_BIDI}
    for locale in client_locales():
        po = committed / locale / "LC_MESSAGES" / "django.po"
        if not po.exists():
            found.append(f"{locale}: no catalogue {po}")
            continue
        header, entries = parse_po(po.read_text(encoding="utf-8"))
        _fresh_header, fresh_entries = parse_po((fresh / locale / "LC_MESSAGES" / "django.po").read_text("utf-8"))
        have, want = {e.key for e in entries}, {e.key for e in fresh_entries}
        found += [f"{locale}: not in the catalogue yet (make client-messages): {k[1]!r}" for k in sorted(
            want - have, key=str)]
        found += [f"{locale}: no longer used (make client-messages): {k[1]!r}" for k in sorted(have - want, key=str)]
        if header.get("Plural-Forms", "").strip() != PLURAL_FORMS.get(locale, PLURAL_FORMS["en"]):
            found.append(f"{locale}: Plural-Forms header is not {PLURAL_FORMS.get(locale)!r}")
        for entry in entries:
            if entry.key not in want:
                continue
            if entry.fuzzy:
                found.append(f"{locale}: fuzzy: {entry.msgid!r}")
            elif not all(entry.msgstr):
                found.append(f"{locale}: untranslated: {entry.msgid!r}")
            else:
                found += [f"{locale}: placeholders differ: {entry.msgid!r} -> {text!r}"
                          for text in _placeholder_mismatches(entry)]
                if locale in rtl:
                    found += [f"{locale}: {problem}: {entry.msgid!r}" for problem in _rtl_problems(entry)]
        mo = po.with_suffix(".mo")
        fresh_mo = workdir / f"{locale}.mo"
        try:
            compile_catalogue(po, fresh_mo)
        except CommandError as error:
            found.append(f"{locale}: does not compile: {error}")
            continue
        if not mo.exists() or _mo_catalogue(mo) != _mo_catalogue(fresh_mo):
            found.append(f"{locale}: {mo} is missing or older than its .po (make client-messages)")
    return found


def _rtl_problems(entry: Entry) -> list[str]:
    """Cheap checks for right-to-left catalogues: the page sets dir="rtl" and the browser orders
    digits and Latin names itself, so left-to-right marks only break it; a msgstr without a
    single Arabic-script letter is the English left in place."""
    problems = []
    for text in entry.msgstr:
        if LTR_CONTROLS.search(text):
            problems.append("left-to-right control character")
        if re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", entry.msgid)) and not ARABIC_SCRIPT.search(text):
            problems.append("not in Arabic script")
    return problems


def _placeholder_mismatches(entry: Entry) -> list[str]:
    if entry.msgid_plural is None:
        return [s for s in entry.msgstr if placeholders(s) != placeholders(entry.msgid)]
    # A plural form may leave the number out ("one day"), never add a placeholder.
    allowed = set(placeholders(entry.msgid_plural)) | set(placeholders(entry.msgid))
    return [s for s in entry.msgstr if not set(placeholders(s)) <= allowed]


class Command(BaseCommand):
    help = "Extract, merge and compile the catalogues of the strings clients read (all client languages but German)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Write nothing; exit non-zero listing out-of-date, untranslated or fuzzy strings.")

    def handle(self, *args, check=False, **options):
        committed = Path(settings.BASE_DIR) / "locale"
        with tempfile.TemporaryDirectory(prefix="client-messages-") as tmp:
            fresh = extract(Path(tmp) / "src")
            if check:
                found = problems(fresh, committed, Path(tmp))
                for line in found:
                    self.stdout.write(line)
                if found:
                    raise CommandError(f"{len(found)} problem(s) in the client catalogues")
                self.stdout.write("Client catalogues are complete.")
                return
            for locale in client_locales():
                source = fresh / locale / "LC_MESSAGES" / "django.po"
                po = committed / locale / "LC_MESSAGES" / "django.po"
                po.parent.mkdir(parents=True, exist_ok=True)
                if not po.exists() or _changed(po.read_text("utf-8"), source.read_text("utf-8")):
                    shutil.copyfile(source, po)
                compile_catalogue(po, po.with_suffix(".mo"))
                _header, entries = parse_po(po.read_text("utf-8"))
                done = sum(1 for e in entries if all(e.msgstr) and not e.fuzzy)
                self.stdout.write(f"{locale}: {done}/{len(entries)} translated")


def _changed(old: str, new: str) -> bool:
    """Differs in more than the creation date (no churn in git when nothing changed)."""
    def strip(text):
        return re.sub(r'"POT-Creation-Date:.*\n', "", text)
    return strip(old) != strip(new)

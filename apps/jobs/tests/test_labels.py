"""Every job has a name in words: the jobs page never shows a function name."""

import re
from pathlib import Path

from django.utils import translation

from apps.jobs.labels import TASK_LABELS, task_label

APPS = Path(__file__).resolve().parents[2]
TASK = re.compile(r"^@task\b[^\n]*\n(?:@[^\n]*\n)*def (\w+)", re.MULTILINE)


def test_every_task_in_the_source_has_a_label():
    names = {name for path in APPS.rglob("*.py") if "tests" not in path.parts
             for name in TASK.findall(path.read_text(encoding="utf-8"))}
    assert {"deliver_message", "solve_plan"} <= names  # the scan finds tasks at all
    assert names - TASK_LABELS.keys() == set()


def test_labels_speak_the_interface_language_and_unknown_names_are_humanised():
    with translation.override("de"):
        assert task_label("apps.tours.tasks.solve_plan") == "Beratungstouren planen"
    with translation.override("en"):
        assert task_label("apps.tours.tasks.solve_plan") == "Plan counselling tours"
        assert task_label("apps.x.tasks.rebuild_index") == "Rebuild index"

"""The classic text menu (添加 / 删除 / 修改 / 查询 / 显示 / 排序 / 统计 …).

Input and output are functions passed in (``input`` and ``print`` by default), so a
test can drive a whole session with a list of scripted answers and read what was printed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .csvio import export_csv, import_csv, import_into
from .models import FIELD_LABELS, SUBJECTS, Student, ValidationError, format_score, gender_label
from .models import label as field_label
from .repository import DuplicateError, NotFoundError, Repository
from .services import SORT_KEYS, class_statistics, rank_by_total, search, sort_students

MENU = [
    ("1", "添加学生", "add a student"),
    ("2", "删除学生", "delete a student"),
    ("3", "修改学生", "edit a student"),
    ("4", "查询学生", "search"),
    ("5", "显示全部", "list all"),
    ("6", "排序显示", "sorted list"),
    ("7", "统计", "statistics"),
    ("8", "总分排名", "ranking by total"),
    ("9", "导入 CSV", "import CSV"),
    ("10", "导出 CSV", "export CSV"),
    ("11", "撤销上次删除", "undo the last delete"),
    ("0", "退出", "quit"),
]


class Console:
    def __init__(self, repo: Repository, lang: str = "zh",
                 input_fn: Callable[[str], str] = input,
                 output_fn: Callable[[str], None] = print):
        self.repo = repo
        self.lang = lang
        self.input = input_fn
        self.output = output_fn
        self.deleted: list[Student] = []  # students deleted in this run, newest last

    # -- helpers
    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def ask(self, zh: str, en: str) -> str:
        return self.input(self.t(zh, en)).strip()

    def show_table(self, students: list[Student]) -> None:
        if not students:
            self.output(self.t("（没有记录）", "(no records)"))
            return
        heads = [field_label(f, self.lang) for f in FIELD_LABELS] + [self.t("总分", "total")]
        self.output(" | ".join(heads))
        for s in students:
            cells = [s.student_id, s.name, gender_label(s.gender, self.lang),
                     s.birth.isoformat(), s.class_name,
                     *(format_score(s.scores[sub]) for sub in SUBJECTS), format_score(s.total)]
            self.output(" | ".join(cells))

    # -- the loop
    def run(self) -> int:
        actions = {
            "1": self.add, "2": self.delete, "3": self.edit, "4": self.find,
            "5": self.list_all, "6": self.sorted_list, "7": self.statistics,
            "8": self.ranking, "9": self.import_file, "10": self.export_file,
            "11": self.undo_delete,
        }
        self.output(self.t("=== 学生信息管理系统 ===", "=== Student information system ==="))
        while True:
            self.output("")
            for key, zh, en in MENU:
                self.output(f"{key:>2}. {self.t(zh, en)}")
            try:
                choice = self.ask("请选择：", "choose: ")
            except EOFError:
                choice = "0"
            if choice == "0":
                self.output(self.t("再见！", "bye!"))
                return 0
            action = actions.get(choice)
            if action is None:
                self.output(self.t("无效的选择，请输入 0–11", "invalid choice, enter 0-11"))
                continue
            try:
                action()
            except EOFError:
                self.output(self.t("输入结束，退出。", "end of input, quitting."))
                return 0
            except NotImplementedError as exc:  # a stretch exercise not done yet
                self.output(self.t(f"这个功能还没有实现：{exc}", f"not implemented yet: {exc}"))

    # -- menu actions
    def _read_fields(self, current: Student | None = None) -> dict:
        data = current.to_flat() if current else {}
        keep = self.t("（回车保留原值）", " (Enter keeps it)") if current else ""
        for f in FIELD_LABELS:
            if f == "student_id" and current:
                continue
            hint = self.t("（男/女）", " (M/F)") if f == "gender" else ""
            if f == "birth":
                hint = " (YYYY-MM-DD)"
            colon = self.t("：", ": ")
            answer = self.input(f"{field_label(f, self.lang)}{hint}{keep}{colon}").strip()
            if answer or not current:
                data[f] = answer
        return data

    def add(self) -> None:
        data = self._read_fields()
        try:
            student = Student.from_dict(data, lang=self.lang)
            self.repo.add(student)
        except ValidationError as exc:
            self.output(self.t("未添加：", "not added: ") + str(exc))
            return
        except DuplicateError:
            self.output(self.t("未添加：学号已存在", "not added: the student id exists"))
            return
        self.output(self.t(f"已添加 {student.name}", f"added {student.name}"))

    def delete(self) -> None:
        sid = self.ask("要删除的学号：", "student id to delete: ")
        student = self.repo.get(sid)
        if student is None:
            self.output(self.t(f"没有学号为 {sid} 的学生", f"no student with id {sid}"))
            return
        sure = self.ask(f"确定删除 {student.name}？(y/n) ", f"delete {student.name}? (y/n) ")
        if sure.lower() not in ("y", "yes", "是"):
            self.output(self.t("已取消", "cancelled"))
            return
        self.deleted.append(self.repo.delete(sid))
        self.output(self.t(f"已删除 {student.name}（菜单 11 可撤销）",
                           f"deleted {student.name} (menu 11 undoes it)"))

    def undo_delete(self) -> None:
        """Stretch exercise: put the most recently deleted student back.

        Take the last student from ``self.deleted`` and add it to the repository again.
        Say so when there is nothing to undo, or when the id has been used again since
        (then keep the student in ``self.deleted``).
        """
        # >>> SOLUTION
        if not self.deleted:
            self.output(self.t("没有可以撤销的删除", "nothing to undo"))
            return
        student = self.deleted[-1]
        try:
            self.repo.add(student)
        except DuplicateError:
            self.output(self.t(f"学号 {student.student_id} 已被重新使用，无法撤销",
                               f"student id {student.student_id} is in use again; cannot undo"))
            return
        self.deleted.pop()
        self.output(self.t(f"已恢复 {student.name}", f"restored {student.name}"))
        # <<< SOLUTION
        # >>> STUB
        # raise NotImplementedError(
        #     "练习（学生）：撤销上次删除，把最后删除的学生加回仓库"
        #     " / exercise: undo the last delete: put the last deleted student back in the"
        #     " repository")
        # <<< STUB

    def edit(self) -> None:
        sid = self.ask("要修改的学号：", "student id to edit: ")
        current = self.repo.get(sid)
        if current is None:
            self.output(self.t(f"没有学号为 {sid} 的学生", f"no student with id {sid}"))
            return
        data = self._read_fields(current)
        try:
            student = Student.from_dict(data, lang=self.lang)
            self.repo.update(student)
        except ValidationError as exc:
            self.output(self.t("未保存：", "not saved: ") + str(exc))
            return
        except NotFoundError:
            self.output(self.t("未保存：记录已被删除", "not saved: the record was deleted"))
            return
        self.output(self.t(f"已保存 {student.name}", f"saved {student.name}"))

    def find(self) -> None:
        keyword = self.ask("学号或姓名关键字：", "id or name contains: ")
        self.show_table(search(self.repo.list_all(), keyword))

    def list_all(self) -> None:
        self.show_table(self.repo.list_all())

    def sorted_list(self) -> None:
        self.output(self.t("可选：", "keys: ") + ", ".join(SORT_KEYS))
        key = self.ask("排序字段：", "sort by: ") or "student_id"
        if key not in SORT_KEYS:
            self.output(self.t(f"没有字段 {key}", f"no key {key}"))
            return
        descending = self.ask("降序？(y/n) ", "descending? (y/n) ").lower() in ("y", "yes", "是")
        self.show_table(sort_students(self.repo.list_all(), key, descending))

    def statistics(self) -> None:
        stats = class_statistics(self.repo.list_all())
        if not stats:
            self.output(self.t("（没有记录）", "(no records)"))
            return
        for c in stats:
            means = ", ".join(f"{field_label(s, self.lang)} {c.averages[s]:.1f}" for s in SUBJECTS)
            self.output(self.t(
                f"{c.class_name}：{c.count} 人，{means}，平均总分 {c.averages['total']:.1f}，"
                f"全科及格率 {c.pass_rate:.0%}",
                f"{c.class_name}: {c.count} students, {means}, mean total "
                f"{c.averages['total']:.1f}, pass rate {c.pass_rate:.0%}"))

    def ranking(self) -> None:
        ranked = rank_by_total(self.repo.list_all())  # a stretch exercise (services.py)
        for rank, s in ranked:
            self.output(f"{rank:>3}. {s.student_id} {s.name} {format_score(s.total)}")

    def import_file(self) -> None:
        path = Path(self.ask("CSV 文件路径：", "CSV file: "))
        if not path.is_file():
            self.output(self.t(f"找不到文件 {path}", f"no such file {path}"))
            return
        result = import_csv(path, lang=self.lang)
        stored = import_into(self.repo, result, lang=self.lang)
        self.output(self.t(f"导入 {stored} 条", f"imported {stored} record(s)"))
        for row, message in result.errors:
            self.output(self.t(f"第 {row} 行：{message}", f"row {row}: {message}"))

    def export_file(self) -> None:
        path = self.ask("导出到（回车 = outputs/students.csv）：",
                        "export to (Enter = outputs/students.csv): ") or "outputs/students.csv"
        export_csv(self.repo.list_all(), path)
        self.output(self.t(f"已导出到 {path}", f"exported to {path}"))

"""Excel workbooks of grouped rows: a summary sheet, one sheet per group, a line chart.

The caller hands over plain rows (mappings) already grouped, say per
salesperson, and column specifications; nothing here knows about Odoo. The
workbook is written with xlsxwriter in ``constant_memory`` mode: each row goes
to disk as soon as it is complete, so memory stays flat however many rows
there are. Rows are therefore consumed once, in order, and may come from a
generator.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter

COLUMN_TYPES = ("text", "int", "amount", "currency", "number", "date", "percent")
TOTAL_TYPES = ("int", "amount", "currency")
RATIO_TYPES = ("number", "percent")
SHEET_NAME_MAX = 31
CHART_MAX_SERIES = 255  # Excel's limit for one chart
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEET_NAMES = {"history"}
_DEFAULT_WIDTHS = {
    "text": 24,
    "int": 10,
    "amount": 14,
    "currency": 16,
    "number": 10,
    "date": 12,
    "percent": 10,
}
_NUMBER_FORMATS = {
    "int": "#,##0",
    "amount": "#,##0.00",
    "number": "#,##0.00",
    "date": "yyyy-mm-dd",
    "percent": "0.0%",
}
_CHART_SIZE = {"width": 760, "height": 380}
_CHART_ROWS = 20  # rows the chart covers at the default row height


@dataclass(frozen=True)
class Column:
    """One column of the row sheets.

    ``key`` names the value in each row mapping, ``title`` is the header text,
    ``type`` one of :data:`COLUMN_TYPES` (``amount`` and ``currency`` are
    currency amounts, ``number`` any other decimal such as an average,
    ``percent`` a ratio where ``0.25`` shows as 25.0 %), ``width`` the column
    width in characters (a default per type when ``None``) and ``num_format``
    an Excel number format replacing the type's own (``"yyyy-mm"`` for a month
    column).

    ``ratio``, a ``(numerator key, denominator key)`` pair, makes a computed
    column of type ``number`` or ``percent``: each row shows
    ``row[numerator] / row[denominator]`` (blank when the denominator is 0) and
    the summary shows the ratio of the totals, never a sum of ratios. The two
    keys need not be columns themselves.
    """

    key: str
    title: str
    type: str = "text"
    width: float | None = None
    num_format: str | None = None
    ratio: tuple[str, str] | None = None

    def __post_init__(self):
        if self.type not in COLUMN_TYPES:
            raise ValueError(
                f"Column {self.key!r}: type {self.type!r} is not one of {', '.join(COLUMN_TYPES)}."
            )
        if self.ratio is not None and (len(self.ratio) != 2 or self.type not in RATIO_TYPES):
            raise ValueError(
                f"Column {self.key!r}: a ratio is a (numerator, denominator) pair of keys "
                f"and its type one of {', '.join(RATIO_TYPES)}."
            )

    def value(self, row):
        """The cell value of this column in ``row`` (a mapping), ratios computed."""
        if self.ratio is None:
            return row.get(self.key)
        numerator, denominator = (row.get(key) or 0 for key in self.ratio)
        return numerator / denominator if denominator else None

    def summed_keys(self):
        """Keys whose sums make this column's total: the ratio's two, else its own."""
        return self.ratio or (self.key,)


@dataclass(frozen=True)
class LineChart:
    """A native Excel line chart drawn on the summary sheet, with its data table.

    ``categories`` are the points of the x axis (``date`` objects, shown with
    ``category_format``, or labels); ``series`` holds ``(name, values)``
    pairs, one value per category (currency amounts when ``value_type`` is
    ``"currency"``, else plain numbers). At most :data:`CHART_MAX_SERIES`
    series are drawn; the data table keeps them all.
    """

    title: str
    categories: Sequence
    series: Sequence
    category_title: str = ""
    value_title: str = ""
    value_type: str = "currency"
    category_format: str = "yyyy-mm"


@dataclass(frozen=True)
class Labels:
    """Fixed texts of the workbook, translated by the caller."""

    summary: str = "Summary"
    total: str = "Total"
    no_group: str = "None"


def currency_format(symbol, position="before", decimals=2):
    """Return an Excel number format showing amounts with a currency ``symbol``.

    ``position`` is ``"before"`` (``¥1,234.50``) or ``"after"`` (``1,234.50 €``);
    ``decimals`` is the currency's number of decimal places. Negative amounts
    keep the symbol: ``-¥1,234.50``.
    """
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    quoted = '"' + (symbol or "").replace('"', "") + '"'
    positive = f"{quoted}{digits}" if position == "before" else f"{digits} {quoted}"
    return f"{positive};-{positive}"


def sheet_name(name, used):
    """Return a valid, unused Excel sheet name for ``name`` and record it in ``used``.

    Excel names have at most :data:`SHEET_NAME_MAX` characters, none of
    ``[]:*?/\\``, do not start or end with an apostrophe, are not ``History``
    and are unique regardless of case. ``used`` is a set of case-folded names
    already taken; clashes get a `` (2)``, `` (3)``... suffix.
    """
    base = _SHEET_FORBIDDEN.sub(" ", str(name or "")).strip().strip("'").strip()
    base = base or "Sheet"
    if base.casefold() in _RESERVED_SHEET_NAMES:
        base = f"{base} (1)"
    candidate, number = base[:SHEET_NAME_MAX].rstrip(), 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    used.add(candidate.casefold())
    return candidate


def monthly_series(rows, *, series_key, month_key, value_key):
    """Pivot rows into chart data: one series per distinct ``series_key`` value.

    Returns ``(months, series)``: the sorted distinct ``month_key`` values and
    ``[(name, values)]`` with the sum of ``value_key`` (an amount) per month,
    zero where a series has no row; series are ordered by their total,
    largest first, then by name. Rows whose month is ``None`` are ignored.
    """
    sums, months = {}, set()
    for row in rows:
        month = row[month_key]
        if month is None:
            continue
        months.add(month)
        per_month = sums.setdefault(row[series_key], {})
        per_month[month] = per_month.get(month, 0) + (row[value_key] or 0)
    ordered = sorted(months)
    series = [
        (name, [per_month.get(month, 0) for month in ordered]) for name, per_month in sums.items()
    ]
    series.sort(key=lambda item: (-sum(item[1]), str(item[0])))
    return ordered, series


class _Formats:
    """The cell formats of one workbook, created once."""

    def __init__(self, workbook, currency):
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.subtitle = workbook.add_format({"italic": True, "font_color": "#595959"})
        self.total_label = workbook.add_format({"bold": True, "top": 1})
        self.workbook = workbook
        self._currency = currency or _NUMBER_FORMATS["amount"]
        self._cells, self._totals = {}, {}

    def number_format(self, column_type, override=None):
        if override:
            return override
        if column_type == "currency":
            return self._currency
        return _NUMBER_FORMATS.get(column_type)

    def cell(self, column_type, override=None):
        num_format = self.number_format(column_type, override)
        if num_format not in self._cells:
            self._cells[num_format] = self.workbook.add_format(
                {"num_format": num_format} if num_format else {}
            )
        return self._cells[num_format]

    def total(self, column_type, override=None):
        num_format = self.number_format(column_type, override)
        if num_format not in self._totals:
            self._totals[num_format] = self.workbook.add_format(
                {"num_format": num_format, "bold": True, "top": 1}
            )
        return self._totals[num_format]


def _write_cell(sheet, cell, column_type, value, cell_format):
    row, col = cell
    if value is None or value is False or value == "":
        sheet.write_blank(row, col, None, cell_format)  # empty, but formatted like its column
        return
    if column_type == "text":
        sheet.write_string(row, col, str(value), cell_format)
    elif column_type == "date":
        if not isinstance(value, datetime.date):
            raise TypeError(f"Date column expects a date, not {value!r}.")
        sheet.write_datetime(row, col, value, cell_format)
    else:
        sheet.write_number(row, col, float(value), cell_format)


def _write_group_sheet(sheet, columns, rows, formats, summed_keys):
    """Header, rows, frozen header and autofilter; return the sums of ``summed_keys`` and
    the row count."""
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width or _DEFAULT_WIDTHS[column.type])
        sheet.write_string(0, col, column.title, formats.header)
    cell_formats = [formats.cell(column.type, column.num_format) for column in columns]
    sums = dict.fromkeys(summed_keys, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            _write_cell(sheet, (count, col), column.type, column.value(row), cell_formats[col])
        for key in summed_keys:
            sums[key] += row.get(key) or 0
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, count, len(columns) - 1)
    return sums, count


def _write_chart(sheet, chart, formats, first_row, anchor):
    """Write the chart's data table from ``first_row`` down; draw the chart at ``anchor``."""
    sheet.write_string(first_row, 0, chart.category_title, formats.header)
    for col, (name, _values) in enumerate(chart.series, start=1):
        sheet.write_string(first_row, col, str(name), formats.header)
    category_type = (
        "date" if chart.categories and isinstance(chart.categories[0], datetime.date) else "text"
    )
    category_format = formats.cell(
        category_type, chart.category_format if category_type == "date" else None
    )
    value_format = formats.cell(chart.value_type if chart.value_type in TOTAL_TYPES else "amount")
    for offset, category in enumerate(chart.categories, start=1):
        _write_cell(sheet, (first_row + offset, 0), category_type, category, category_format)
        for col, (_name, values) in enumerate(chart.series, start=1):
            _write_cell(
                sheet, (first_row + offset, col), "amount", values[offset - 1], value_format
            )
    last_row = first_row + len(chart.categories)
    line = formats.workbook.add_chart({"type": "line"})
    for col in range(1, min(len(chart.series), CHART_MAX_SERIES) + 1):
        line.add_series(
            {
                "name": [sheet.name, first_row, col],
                "categories": [sheet.name, first_row + 1, 0, last_row, 0],
                "values": [sheet.name, first_row + 1, col, last_row, col],
                "marker": {"type": "circle", "size": 5},
            }
        )
    line.set_title({"name": chart.title})
    x_axis = {"name": chart.category_title}
    if category_type == "date":
        x_axis.update(
            date_axis=True,
            num_format=chart.category_format,
            major_unit=1,
            major_unit_type="months",
        )
    line.set_x_axis(x_axis)
    line.set_y_axis(
        {
            "name": chart.value_title,
            "num_format": formats.number_format(chart.value_type) or "General",
        }
    )
    line.set_legend({"position": "bottom"})
    line.set_size(_CHART_SIZE)
    sheet.insert_chart(anchor[0], anchor[1], line)


def write_workbook(
    output,
    columns,
    groups,
    *,
    title,
    group_title,
    subtitle=(),
    total_keys=None,
    chart=None,
    currency=None,
    labels=None,
):
    """Write a workbook of grouped rows to ``output`` (a file path or a binary file object).

    - ``columns``: :class:`Column` specifications of the row sheets, in order.
    - ``groups``: iterable of ``(name, rows)``; each group becomes one sheet,
      named after it (``None`` uses ``labels.no_group``), holding a frozen
      header row, an autofilter and its rows (mappings keyed by column key).
    - The first sheet, the summary, shows ``title``, the ``subtitle`` lines,
      one line per group with the totals of ``total_keys`` (default: every
      ``int``, ``amount`` and ``currency`` column and every ratio column, whose
      total is the ratio of the summed numerators and denominators) and a
      total line; below them the ``chart`` (a :class:`LineChart`), if given,
      and its data table.
    - ``currency`` is the Excel number format of ``currency`` columns (see
      :func:`currency_format`); plain amounts when ``None``.

    Returns ``[(sheet name, number of rows)]`` for the group sheets, in order.
    """
    labels = labels or Labels()
    if total_keys is None:
        total_keys = [
            column.key for column in columns if column.type in TOTAL_TYPES or column.ratio
        ]
    by_key = {column.key: column for column in columns}
    unknown = [key for key in total_keys if key not in by_key]
    if unknown:
        raise ValueError(f"Totals asked for unknown columns: {', '.join(unknown)}.")
    total_columns = [by_key[key] for key in total_keys]
    summed_keys = list(dict.fromkeys(key for c in total_columns for key in c.summed_keys()))
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    workbook.set_properties({"title": title})
    formats = _Formats(workbook, currency)
    used = set()
    summary = workbook.add_worksheet(sheet_name(labels.summary, used))
    written = []
    for name, rows in groups:
        label = labels.no_group if name is None else str(name)
        sheet = workbook.add_worksheet(sheet_name(label, used))
        sums, count = _write_group_sheet(sheet, columns, rows, formats, summed_keys)
        written.append((label, sheet.name, sums, count))

    summary.write_string(0, 0, title, formats.title)
    for offset, line in enumerate(subtitle, start=1):
        summary.write_string(offset, 0, line, formats.subtitle)
    header_row = len(subtitle) + 2
    summary.set_column(0, 0, 28)
    summary.write_string(header_row, 0, group_title, formats.header)
    for col, column in enumerate(total_columns, start=1):
        summary.set_column(col, col, column.width or _DEFAULT_WIDTHS[column.type])
        summary.write_string(header_row, col, column.title, formats.header)
    grand = dict.fromkeys(summed_keys, 0)
    row = header_row
    for row, (label, _sheet, sums, _count) in enumerate(written, start=header_row + 1):
        summary.write_string(row, 0, label)
        for key in summed_keys:
            grand[key] += sums[key]
        for col, column in enumerate(total_columns, start=1):
            _write_cell(
                summary,
                (row, col),
                column.type,
                column.value(sums),
                formats.cell(column.type, column.num_format),
            )
    row += 1
    summary.write_string(row, 0, labels.total, formats.total_label)
    for col, column in enumerate(total_columns, start=1):
        _write_cell(
            summary,
            (row, col),
            column.type,
            column.value(grand),
            formats.total(column.type, column.num_format),
        )
    summary.freeze_panes(header_row + 1, 0)
    if chart is not None and chart.categories and chart.series:
        _write_chart(summary, chart, formats, row + 2 + _CHART_ROWS, (row + 2, 0))
    workbook.close()
    return [(sheet, count) for _label, sheet, _totals, count in written]

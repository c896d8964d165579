"""The workbook writer, read back with openpyxl."""

import datetime
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customer_insight.xlsx import (
    CHART_MAX_SERIES,
    SHEET_NAME_MAX,
    Column,
    Labels,
    LineChart,
    currency_format,
    monthly_series,
    sheet_name,
    write_workbook,
)

D = datetime.date
COLUMNS = [
    Column("month", "Month", "date", num_format="yyyy-mm"),
    Column("team", "Sales Team", width=30),
    Column("new", "New Customers", "int"),
    Column("orders", "Order Amount", "currency"),
    Column("invoiced", "Invoiced", "amount"),
    Column("rate", "Collection Rate", "percent"),
    Column("day", "Last Order", "date"),
]
YUAN = currency_format("¥")


def _rows(team, months, amount):
    return [
        {
            "month": month,
            "team": team,
            "new": index + 1,
            "orders": amount * (index + 1),
            "invoiced": amount / 2,
            "rate": 0.5,
            "day": month + datetime.timedelta(days=9),
        }
        for index, month in enumerate(months)
    ]


def _workbook(groups, **options):
    output = io.BytesIO()
    written = write_workbook(
        output,
        COLUMNS,
        groups,
        title=options.pop("title", "Salesperson Performance"),
        group_title="Salesperson",
        currency=YUAN,
        **options,
    )
    output.seek(0)
    return written, openpyxl.load_workbook(output)


def _values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_summary_and_one_sheet_per_group():
    months = [D(2024, 1, 1), D(2024, 2, 1)]
    chart = LineChart(
        title="Monthly Order Amount",
        categories=months,
        series=[("Li Lei", [100.0, 200.0]), ("Han Meimei", [50.0, 0.0])],
        category_title="Month",
        value_title="Amount",
    )
    written, book = _workbook(
        [
            ("Li Lei", _rows("North", months, 100.0)),
            ("Han Meimei", _rows("South", months[:1], 50.0)),
        ],
        subtitle=["Period: 2024-01 – 2024-02"],
        chart=chart,
    )
    assert written == [("Li Lei", 2), ("Han Meimei", 1)]
    assert book.sheetnames == ["Summary", "Li Lei", "Han Meimei"]
    summary = _values(book["Summary"])
    assert summary[0][0] == "Salesperson Performance"
    assert summary[1][0] == "Period: 2024-01 – 2024-02"
    assert summary[3][:4] == ["Salesperson", "New Customers", "Order Amount", "Invoiced"]
    # totals by hand: Li Lei new 1+2, orders 100+200, invoiced 50+50; Han Meimei 1, 50, 25
    assert summary[4][:4] == ["Li Lei", 3, 300, 100]
    assert summary[5][:4] == ["Han Meimei", 1, 50, 25]
    assert summary[6][:4] == ["Total", 4, 350, 125]
    assert book["Summary"]["C5"].number_format == '"¥"#,##0.00;-"¥"#,##0.00'
    assert book["Summary"]["C7"].font.b

    sheet = book["Li Lei"]
    assert _values(sheet)[0] == [column.title for column in COLUMNS]
    assert _values(sheet)[2] == [
        datetime.datetime(2024, 2, 1),
        "North",
        2,
        200,
        50,
        0.5,
        datetime.datetime(2024, 2, 10),
    ]
    assert [cell.number_format for cell in sheet[3]] == [
        "yyyy-mm",
        "General",
        "#,##0",
        '"¥"#,##0.00;-"¥"#,##0.00',
        "#,##0.00",
        "0.0%",
        "yyyy-mm-dd",
    ]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G3"
    assert sheet.column_dimensions["B"].width == pytest.approx(30, abs=1)
    assert book["Han Meimei"].auto_filter.ref == "A1:G2"


def test_line_chart_and_its_data():
    months = [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]
    chart = LineChart(
        title="Monthly Order Amount",
        categories=months,
        series=[("Li Lei", [1.0, 2.0, 3.0]), ("Han Meimei", [4.0, 5.0, 6.0])],
        category_title="Month",
    )
    _written, book = _workbook([("Li Lei", [])], chart=chart)
    summary = book["Summary"]
    (line,) = summary._charts
    assert line.tagname == "lineChart"
    assert len(line.series) == 2
    data = _values(summary)
    header = next(i for i, row in enumerate(data) if row[0] == "Month")
    assert data[header][:3] == ["Month", "Li Lei", "Han Meimei"]
    assert data[header + 1][:3] == [datetime.datetime(2024, 1, 1), 1, 4]
    assert data[header + 3][:3] == [datetime.datetime(2024, 3, 1), 3, 6]
    first, last = header + 2, header + 4  # 1-based Excel rows of the values
    assert line.series[1].val.numRef.f == f"Summary!$C${first}:$C${last}"
    assert line.series[0].cat.numRef.f == f"Summary!$A${first}:$A${last}"
    assert summary.cell(first, 1).number_format == "yyyy-mm"


def test_chart_keeps_excel_series_limit():
    series = [(f"Salesperson {i}", [float(i)]) for i in range(CHART_MAX_SERIES + 5)]
    chart = LineChart(title="Many", categories=[D(2024, 1, 1)], series=series)
    _written, book = _workbook([], chart=chart)
    (line,) = book["Summary"]._charts
    assert len(line.series) == CHART_MAX_SERIES


def test_without_groups_or_chart():
    written, book = _workbook([])
    assert written == []
    assert book.sheetnames == ["Summary"]
    assert _values(book["Summary"])[3][:2] == ["Total", 0]
    assert not book["Summary"]._charts


def test_unnamed_group_labels_and_text_stays_text():
    labels = Labels(summary="汇总", total="合计", no_group="无销售员")
    rows = [{"team": "=HYPERLINK(1)", "new": 2, "month": None, "orders": None}]
    written, book = _workbook([(None, rows)], labels=labels)
    assert written == [("无销售员", 1)]
    assert book.sheetnames == ["汇总", "无销售员"]
    sheet = book["无销售员"]
    assert sheet["B2"].value == "=HYPERLINK(1)"
    assert sheet["B2"].data_type == "s"
    assert sheet["A2"].value is None and sheet["D2"].value is None
    assert sheet["D2"].number_format == '"¥"#,##0.00;-"¥"#,##0.00', "blank cells keep the format"
    assert _values(book["汇总"])[4][:2] == ["合计", 2]


def test_rows_are_consumed_once_from_a_generator():
    generated = ({"new": i, "team": f"T{i}"} for i in range(1000))
    written, book = _workbook([("Li Lei", generated)])
    assert written == [("Li Lei", 1000)]
    assert _values(book["Summary"])[3][:2] == ["Li Lei", sum(range(1000))]
    assert book["Li Lei"].max_row == 1001


def test_ratio_columns_divide_per_row_and_totals_in_the_summary():
    columns = [
        Column("month", "Month", "date", num_format="yyyy-mm"),
        Column("done", "Visits Done", "int"),
        Column("on_time_rate", "On-Time Rate", "percent", ratio=("on_time", "done")),
        Column("satisfaction", "Satisfaction", "number", ratio=("points", "ratings")),
    ]
    # Li Lei: 3 of 4 on time, then 1 of 1; ratings 4+5 (2), then none
    li = [
        {"month": D(2024, 1, 1), "done": 4, "on_time": 3, "points": 9, "ratings": 2},
        {"month": D(2024, 2, 1), "done": 1, "on_time": 1, "points": 0, "ratings": 0},
    ]
    # Han Meimei: no visit done, one rating of 2
    han = [{"month": D(2024, 1, 1), "done": 0, "on_time": 0, "points": 2, "ratings": 1}]
    output = io.BytesIO()
    write_workbook(
        output, columns, [("Li Lei", li), ("Han Meimei", han)], title="T", group_title="G"
    )
    book = openpyxl.load_workbook(output)
    rows = _values(book["Li Lei"])
    assert rows[1][1:] == [4, 0.75, 4.5]
    assert rows[2][1:] == [1, 1.0, None], "no rating: blank, not zero"
    assert [cell.number_format for cell in book["Li Lei"][2]][2:] == ["0.0%", "#,##0.00"]
    assert _values(book["Han Meimei"])[1][1:] == [0, None, 2.0]
    summary = _values(book["Summary"])
    assert summary[2][:4] == ["G", "Visits Done", "On-Time Rate", "Satisfaction"]
    assert summary[3][:4] == ["Li Lei", 5, 0.8, 4.5]
    assert summary[4][:4] == ["Han Meimei", 0, None, 2.0]
    # totals: 4 of 5 on time; (9 + 2) points / 3 ratings, not the mean of 4.5 and 2.0
    assert summary[5][:3] == ["Total", 5, 0.8]
    assert summary[5][3] == pytest.approx(11 / 3)


def test_bad_specs_are_refused():
    with pytest.raises(ValueError, match="not one of"):
        Column("x", "X", "money")
    with pytest.raises(ValueError, match="ratio"):
        Column("x", "X", "int", ratio=("a", "b"))
    with pytest.raises(ValueError, match="ratio"):
        Column("x", "X", "percent", ratio=("a",))
    with pytest.raises(ValueError, match="unknown columns"):
        write_workbook(io.BytesIO(), COLUMNS, [], title="T", group_title="G", total_keys=["nope"])
    with pytest.raises(TypeError, match="expects a date"):
        write_workbook(
            io.BytesIO(), COLUMNS, [("A", [{"day": "2024-01-01"}])], title="T", group_title="G"
        )


def test_currency_format():
    assert currency_format("¥") == '"¥"#,##0.00;-"¥"#,##0.00'
    assert currency_format("€", "after") == '#,##0.00 "€";-#,##0.00 "€"'
    assert currency_format("JPY", decimals=0) == '"JPY"#,##0;-"JPY"#,##0'


def test_sheet_names_by_hand():
    used = set()
    assert sheet_name("Summary", used) == "Summary"
    assert sheet_name("summary", used) == "summary (2)"
    assert sheet_name("a/b:c*d?[e]", used) == "a b c d  e"
    assert sheet_name("'quoted'", used) == "quoted"
    assert sheet_name("", used) == "Sheet"
    assert sheet_name("History", used) == "History (1)"
    long = "王" * 40
    assert sheet_name(long, used) == "王" * 31
    assert sheet_name(long, used) == "王" * 27 + " (2)"


@given(st.lists(st.text(max_size=40), max_size=30))
def test_sheet_names_are_valid_and_unique(names):
    used = set()
    result = [sheet_name(name, used) for name in names]
    assert len({name.casefold() for name in result}) == len(result)
    for name in result:
        assert 0 < len(name) <= SHEET_NAME_MAX
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")
        assert name.casefold() != "history"


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Li Lei", "韩梅梅", "Wang", None]),
            st.integers(min_value=0, max_value=11),
            st.integers(min_value=-(10**6), max_value=10**6),
        ),
        max_size=40,
    )
)
def test_written_values_read_back(entries):
    rows = [
        {"who": who, "month": D(2024, 1 + month, 1), "new": amount % 7, "orders": amount / 100}
        for who, month, amount in entries
    ]
    groups = {}
    for row in rows:
        groups.setdefault(row["who"], []).append(row)
    columns = [
        Column("month", "Month", "date", num_format="yyyy-mm"),
        Column("new", "New", "int"),
        Column("orders", "Orders", "currency"),
    ]
    output = io.BytesIO()
    write_workbook(output, columns, list(groups.items()), title="T", group_title="G")
    book = openpyxl.load_workbook(output)
    assert len(book.sheetnames) == len(groups) + 1
    for sheet_title, (_who, group_rows) in zip(book.sheetnames[1:], groups.items(), strict=True):
        read = _values(book[sheet_title])[1:]
        assert read == [
            [datetime.datetime.combine(row["month"], datetime.time()), row["new"], row["orders"]]
            for row in group_rows
        ]
    totals = _values(book["Summary"])[-1]
    assert totals[0] == "Total"
    assert totals[1] == sum(row["new"] for row in rows)
    assert totals[2] == pytest.approx(sum(row["orders"] for row in rows))


def test_monthly_series_by_hand():
    rows = [
        {"who": "Li Lei", "month": D(2024, 2, 1), "amount": 10.0},
        {"who": "Li Lei", "month": D(2024, 2, 1), "amount": 5.0},
        {"who": "Han", "month": D(2024, 1, 1), "amount": 40.0},
        {"who": "Li Lei", "month": None, "amount": 99.0},
        {"who": None, "month": D(2024, 3, 1), "amount": None},
    ]
    months, series = monthly_series(rows, series_key="who", month_key="month", value_key="amount")
    assert months == [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]
    assert series == [("Han", [40.0, 0, 0]), ("Li Lei", [0, 15.0, 0]), (None, [0, 0, 0])]

"""Categorical fields read by OCR agree with the document's own readings, and marks read from
specks at a field's ends are dropped
(extractors/categories.py, extractors/stray_marks.py): one test per trap, on the readings of
real draws."""

from __future__ import annotations

from extractors.base import RowDraft
from extractors.categories import categories_agreed, misread_of, words_read_as_marks
from extractors.stray_marks import stray_marks_dropped, without_end_marks


def _drafts(field: str, texts: list[str], page: int = 2) -> list[RowDraft]:
    return [RowDraft({"code": f"AOI{k:011d}", field: text}, [], page, page) for k, text in enumerate(texts)]


def test_a_category_read_with_a_speck_or_a_look_alike_is_the_documents_value():
    """004 at 300 dpi grey, seed 41: "Acumulado Anual" read "Atumulado Anual" and
    "«Acumulado Ariual" (two activities lost, and their lines' sums not checked), "Muy Alta"
    read "Muy Altar" (seeds 41 and 47); seed 15: "UNIDAD FUNCIONAL DE, RECURSOS HUMANOS".
    Each is met once, a few letters off a value the document reads alike on other rows."""
    aggregation = _drafts("aggregation", ["Acumulado Anual"] * 5 + ["Atumulado Anual", "«Acumulado Ariual"])
    assert {d.fields["aggregation"] for d in categories_agreed(aggregation, frozenset({2}))} == {"Acumulado Anual"}
    priority = _drafts("priority", ["Muy Alta"] * 3 + ["Muy Altar"])
    assert categories_agreed(priority, frozenset({2}))[-1].fields["priority"] == "Muy Alta"
    centre = _drafts("cost_center", ["UNIDAD FUNCIONAL DE RECURSOS HUMANOS"] * 2
                     + ["UNIDAD FUNCIONAL DE, RECURSOS HUMANOS"])
    assert categories_agreed(centre, frozenset({2}))[-1].fields["cost_center"] == "UNIDAD FUNCIONAL DE RECURSOS HUMANOS"


def test_values_a_plan_prints_alike_on_purpose_are_kept():
    """001 prints "Documento" eight times and "Documentos" once: a plural, a gender, other
    accents or case are other values. A value read alike on one row only proves nothing, and
    a text layer prints what it says."""
    units = _drafts("measure_unit", ["Documento"] * 8 + ["Documentos", "Expediente", "Expedienta"])
    assert [d.fields["measure_unit"] for d in categories_agreed(units, frozenset({2}))][8:] == [
        "Documentos", "Expediente", "Expedienta"]
    assert not misread_of("Técnica SHO", "Técnico SHO") and not misread_of("GESTION", "GESTIÓN")
    assert not misread_of("Informe", "INFORME") and not misread_of("Alta", "Muy Alta")
    text_layer = _drafts("priority", ["Muy Alta"] * 3 + ["Muy Altar"])
    assert categories_agreed(text_layer, frozenset({1}))[-1].fields["priority"] == "Muy Altar"
    near_two = _drafts("cost_center", ["UNIDAD DE CONTROL A"] * 2 + ["UNIDAD DE CONTROL B"] * 2 + ["UNIDAD DE CONTROL C"])
    assert categories_agreed(near_two, frozenset({2}))[-1].fields["cost_center"] == "UNIDAD DE CONTROL C"


def test_a_category_read_with_a_mark_of_its_own_is_the_documents_value():
    """004 at 300 dpi grey, seed 60: "INFORME" (printed on 15 rows) read `" INFORME`: a
    speck read as a quote of its own. Marks added to a value, whatever its length, are a
    misreading of it; a value with letters of its own is not."""
    assert misread_of('" INFORME', "INFORME") and misread_of("INFORME.", "INFORME")
    assert not misread_of("INFORME", "INFORME") and not misread_of("INFORMES", "INFORME")
    units = _drafts("measure_unit", ["INFORME"] * 3 + ['" INFORME'])
    assert categories_agreed(units, frozenset({2}))[-1].fields["measure_unit"] == "INFORME"


def test_marks_standing_alone_at_a_fields_ends_are_specks():
    """004 at 300 dpi grey, seed 60: the last objective's heading read `... CIUDADANO +` and a
    unit of measure `" INFORME`. No field prints a quote, a plus sign or a full stop standing
    alone at its start or end; a dash between words, marks inside a field, a field of marks
    alone and text-layer rows are kept."""
    draft = RowDraft({"measure_unit": '" INFORME', "activity": "GESTION OPERATIVA - UNIDAD TERRITORIAL",
                      "code": "+"}, [], 2, 2, context={"strategic_line": "OEI.08 MEJORAR ... CIUDADANO +"})
    (done,) = stray_marks_dropped([draft], frozenset({2}))
    assert done.fields == {"measure_unit": "INFORME", "activity": "GESTION OPERATIVA - UNIDAD TERRITORIAL",
                           "code": "+"}
    assert done.context == {"strategic_line": "OEI.08 MEJORAR ... CIUDADANO"}
    assert without_end_marks('"TRABAJA PERU"') == '"TRABAJA PERU"' and without_end_marks("Empleo.") == "Empleo."
    text_layer = RowDraft({"measure_unit": '" INFORME'}, [], 1, 1)
    assert stray_marks_dropped([text_layer], frozenset({2}))[0].fields == {"measure_unit": '" INFORME'}


def test_a_category_read_as_a_lone_speck_is_empty():
    """004 at 300 dpi grey, seed 63: row 14's empty responsible cell read "." (a speck): no
    list holds a lone mark. A dash is the family's to judge, and a text layer prints what it
    says."""
    drafts = _drafts("responsible", ["UNIDAD FUNCIONAL DE ABASTECIMIENTO"] * 2 + [".", "-"])
    assert [d.fields["responsible"] for d in categories_agreed(drafts, frozenset({2}))][2:] == ["", "-"]
    text_layer = _drafts("responsible", ["."], page=1)
    assert categories_agreed(text_layer, frozenset({2}))[0].fields["responsible"] == "."


def test_an_unpaired_guillemet_glued_to_a_fields_word_is_a_speck():
    """004 at 300 dpi grey: a speck left of a word read as an opening guillemet glued to it,
    "SEGUIMIENTO, «CONTROL" (seed 14, an activity's name) and "«PLANILLA" (seed 63, a unit of
    measure). Guillemets are printed in pairs; a pair is kept."""
    name = "GESTIÓN DE SEGUIMIENTO, «CONTROL Y MONITOREO"
    assert without_end_marks(name) == "GESTIÓN DE SEGUIMIENTO, CONTROL Y MONITOREO"
    assert without_end_marks("«PLANILLA") == "PLANILLA" and without_end_marks("PLANILLA»") == "PLANILLA"
    assert without_end_marks("«TRABAJA PERU»") == "«TRABAJA PERU»"
    assert without_end_marks("«") == "«"


def test_a_category_with_a_word_read_as_marks_is_the_documents_value():
    """004 at 300 dpi grey, seed 61: row 24's "Acumulado Anual" read "= = Anual", so its lines
    were not held to their sums and a "0.00" read "6.00" was published 0.92 sure. The value's
    other words, in order, with marks standing where a word is lost, are that value; a mark
    with no word lost under it, a word it does not print, or its words without the marks
    are not."""
    assert misread_of("= = Anual", "Acumulado Anual") and misread_of("Acumulado ~", "Acumulado Anual")
    assert misread_of("UNIDAD — DE RECURSOS HUMANOS", "UNIDAD FUNCIONAL DE RECURSOS HUMANOS")
    assert not misread_of("Anual", "Acumulado Anual") and not misread_of("= Mensual", "Acumulado Anual")
    assert not misread_of("= Anual Acumulado", "Acumulado Anual") and not words_read_as_marks("Muy - Alta", "Muy Alta")
    drafts = _drafts("aggregation", ["Acumulado Anual"] * 3 + ["= = Anual"])
    assert categories_agreed(drafts, frozenset({2}))[-1].fields["aggregation"] == "Acumulado Anual"
    text_layer = _drafts("aggregation", ["Acumulado Anual"] * 3 + ["= = Anual"], page=1)
    assert categories_agreed(text_layer, frozenset({2}))[-1].fields["aggregation"] == "= = Anual"


def test_an_aggregation_read_with_a_word_lost_is_the_documents_listed_value():
    """Chromium's upper-case print of 004 on the seed-216 draw (300 dpi grey): row 7's
    "Acumulado Anual" read "Acumulado", so its lines were not held to their sums and two
    misread months ("0.60", "17.06") were published sure. CEPLAN's aggregation is one of a
    closed list, and "Acumulado" is none of it: a run of the words of the one listed value the
    document reads on its other rows, it is that value. A run of two listed values the
    document both reads says nothing; an open list's field (a unit of measure) keeps it."""
    drafts = _drafts("aggregation", ["Acumulado Anual"] * 3 + ["Acumulado"])
    assert categories_agreed(drafts, frozenset({2}))[-1].fields["aggregation"] == "Acumulado Anual"
    both = _drafts("aggregation", ["Acumulado Anual"] * 2 + ["Acumulado Mensual"] * 2 + ["Acumulado"])
    assert categories_agreed(both, frozenset({2}))[-1].fields["aggregation"] == "Acumulado"
    listed = _drafts("aggregation", ["Acumulado Anual"] * 3 + ["No Acumulado"])
    assert categories_agreed(listed, frozenset({2}))[-1].fields["aggregation"] == "No Acumulado"
    units = _drafts("measure_unit", ["Informe Técnico"] * 3 + ["Informe"])
    assert categories_agreed(units, frozenset({2}))[-1].fields["measure_unit"] == "Informe"


def test_a_category_misread_alike_on_a_few_rows_is_the_documents_value():
    """Chromium's plain print of 004 (seed 560, 300 dpi grey): "Muy Alta" read "Muy Ata" on 5
    of its 24 rows (its thin l lost at 3 pt), so no longer met once, and 5 activities lost
    their priority. A value read alike on a few rows, every one of them by OCR, a few
    letters off a value the document reads at least ``OUTNUMBERED`` times as often, is that
    value; a value read on as many rows as that, or printed in a text layer, is kept."""
    priority = _drafts("priority", ["Muy Alta"] * 19 + ["Muy Ata"] * 5)
    assert {d.fields["priority"] for d in categories_agreed(priority, frozenset({2}))} == {"Muy Alta"}
    even = _drafts("priority", ["Muy Alta"] * 5 + ["Muy Ata"] * 2)
    assert [d.fields["priority"] for d in categories_agreed(even, frozenset({2}))][5:] == ["Muy Ata"] * 2
    printed = _drafts("priority", ["Muy Alta"] * 19 + ["Muy Ata"] * 4) + _drafts("priority", ["Muy Ata"], page=1)
    assert [d.fields["priority"] for d in categories_agreed(printed, frozenset({2}))][19:] == ["Muy Ata"] * 5

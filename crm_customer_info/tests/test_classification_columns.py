from odoo import fields
from odoo.tests.common import TransactionCase

from ..customer_insight.churn import CHURN_BANDS
from ..customer_insight.credit import CREDIT_RATINGS
from ..customer_insight.lifecycle import LIFECYCLE_STAGES
from ..customer_insight.pareto import PARETO_CLASSES
from ..customer_insight.rfm import SEGMENTS
from ..models.crm_customer_classification_run import ClassificationRun


class TestClassificationColumns(TransactionCase):
    """The classification's columns and selections follow the library and the run."""

    def test_selection_keys_are_the_library_values(self):
        Row = self.env["crm.customer.classification"]
        for fname, values in (
            ("segment", SEGMENTS),
            ("pareto_class", PARETO_CLASSES),
            ("credit_rating", CREDIT_RATINGS),
            ("churn_band", CHURN_BANDS),
            ("lifecycle_stage", LIFECYCLE_STAGES),
        ):
            keys = tuple(key for key, _label in Row._fields[fname].selection)
            self.assertEqual(keys, tuple(values), fname)

    def test_result_columns_are_fields_of_the_rows(self):
        model = self.env["crm.customer.classification"].sudo()
        company = self.env.company
        run = ClassificationRun(
            model,
            company,
            company._crm_classification_settings(),
            fields.Date.today(),
        )
        columns = run.result_columns()
        self.assertEqual(columns[0], ("partner_id", "int4"))
        self.assertIn(("monetary", "numeric"), columns)
        self.assertIn(("reasons", "jsonb"), columns)
        self.assertEqual(len(columns), 34)
        for name, _type in columns:
            self.assertTrue(model._fields[name].store, name)

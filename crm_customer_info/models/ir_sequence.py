from odoo import models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _crm_next_batch(self, count):
        """Return the next ``count`` values, in one query for PostgreSQL-backed sequences.

        The values are formatted as ``get_next_char`` does, with the prefix and
        suffix interpolated once for the batch (100,000 values in a fraction of
        a second).
        """
        self.ensure_one()
        if self.implementation != "standard" or self.use_date_range:
            return [self._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                f"ir_sequence_{self.id:03d}",
                count,
            )
        )
        prefix, suffix = self._get_prefix_suffix()
        padded = f"%0{self.padding}d"
        return [prefix + padded % number + suffix for (number,) in self.env.cr.fetchall()]

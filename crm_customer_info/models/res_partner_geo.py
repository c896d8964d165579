import logging

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Partners geolocated by one click or one run of the job: the public geocoder
# (OpenStreetMap Nominatim) answers about one address a second.
GEOLOCATE_BATCH = 100


class ResPartner(models.Model):
    # Field visits: customers' coordinates from their address (base_geolocalize).
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _crm_needs_position(self):
        return self.filtered(
            lambda p: (
                not (p.partner_latitude or p.partner_longitude) and (p.street or p.city or p.zip)
            )
        )

    def action_crm_geolocate(self):
        """Geolocate the selected partners that have an address but no coordinates."""
        partners = self._crm_needs_position()
        if len(partners) > GEOLOCATE_BATCH:
            raise UserError(
                self.env._(
                    "Select at most %(count)s customers to geolocate at once; the daily job "
                    "geolocates the others.",
                    count=GEOLOCATE_BATCH,
                )
            )
        partners.check_access("write")
        found = partners._crm_geolocate()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Geolocation"),
                "message": self.env._(
                    "%(found)s of %(count)s customers geolocated.",
                    found=len(found),
                    count=len(partners),
                ),
                "type": "success" if len(found) == len(partners) else "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _crm_geolocate(self):
        """Ask the geocoder for the partners' coordinates; returns those it found.

        The others get today's geolocation date, so that the job tries them again
        only once their address changes.
        """
        if not self:
            return self
        self.with_context(force_geo_localize=True).geo_localize()
        found = self.filtered(lambda p: p.partner_latitude or p.partner_longitude)
        # the day of this transaction, as the partner's write date will say
        (self - found).write({"date_localization": self.env.cr.now().date()})
        return found

    @api.model
    def _cron_crm_geolocate(self, limit=GEOLOCATE_BATCH):
        """Geolocate customers and visited partners with an address but no coordinates.

        A partner whose address the geocoder did not find is tried again after
        the partner changes (base_geolocalize clears the coordinates when the
        address changes).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id FROM res_partner partner
                 WHERE partner.active
                   AND COALESCE(partner.partner_latitude, 0) = 0
                   AND COALESCE(partner.partner_longitude, 0) = 0
                   AND (partner.street IS NOT NULL OR partner.city IS NOT NULL
                        OR partner.zip IS NOT NULL)
                   AND (partner.date_localization IS NULL
                        OR partner.date_localization < partner.write_date::date)
                   AND (partner.customer_rank > 0 OR EXISTS (
                        SELECT 1 FROM crm_customer_visit visit
                         WHERE visit.partner_id = partner.id))
                 ORDER BY partner.id
                 LIMIT %s
                """,
                limit,
            )
        )
        partners = self.browse(row[0] for row in self.env.cr.fetchall())
        found = partners._crm_geolocate()
        _logger.info("Geolocated %s of %s partners", len(found), len(partners))
        return found

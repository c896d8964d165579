from odoo import http
from odoo.http import content_disposition, request

from ..wizards.crm_customer_export import XLSX_MIMETYPE


class CustomerWorkbookController(http.Controller):
    @http.route("/crm_customer_info/workbook/<int:export_id>", type="http", auth="user")
    def download_workbook(self, export_id):
        """Build the workbook of an export the current user created and send it."""
        export = request.env["crm.customer.export"].browse(export_id).exists()
        if not export:
            raise request.not_found()
        export.check_access("read")
        filename, content = export._workbook()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
                ("Content-Length", str(len(content))),
            ],
        )

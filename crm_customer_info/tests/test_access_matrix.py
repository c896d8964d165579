"""Who may read, create, write and delete what: the access matrix of the README, as data.

Every record below belongs to ``acme``, a customer of ``salesperson`` in the North
team (led by ``team_leader``), in the main company. Each cell is tried through
the ORM with the role's rights, as a JSON-RPC client would: allowed or refused.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerInfoCase

ROLES = (
    "salesperson",
    "team_leader",
    "other_salesperson",
    "sales_manager",
    "invoicing",
    "portal",
    "customer_portal",
    "other_company_manager",
)
OPERATIONS = ("read", "create", "write", "unlink")

# model -> operation -> the roles allowed (every other role is refused). "manager of every
# company" is the only one who changes shared configuration; no role here manages both.
# Shared configuration (no company): every employee of the app reads it, managers create
# their company's own.
SHARED_CONFIGURATION = {
    "read": {
        "salesperson",
        "team_leader",
        "other_salesperson",
        "sales_manager",
        "invoicing",
        "other_company_manager",
    },
    "create": {"sales_manager", "other_company_manager"},
    "write": set(),
    "unlink": set(),
}
# Who reads and changes one customer's records: its salesperson, their team leader, the
# managers; finance reads.
CUSTOMER_READERS = {"salesperson", "team_leader", "sales_manager", "invoicing"}
CUSTOMER_EDITORS = {"salesperson", "team_leader", "sales_manager"}
# Any customer-info user records an entry for any customer of their company (a call taken
# for a colleague): creating one shows them that entry only.
ENTRY_CREATORS = {
    "salesperson",
    "team_leader",
    "other_salesperson",
    "sales_manager",
    "other_company_manager",
}
MATRIX = {
    "crm.customer.level": SHARED_CONFIGURATION,
    "crm.customer.region": SHARED_CONFIGURATION,
    "crm.customer.log.type": SHARED_CONFIGURATION,
    "crm.customer.visit.purpose": SHARED_CONFIGURATION,
    "crm.customer.log.tag": SHARED_CONFIGURATION,
    # the customer's own portal users read its entries (they submit and close them through
    # the portal pages, see test_portal_access)
    "crm.customer.log": {
        "read": CUSTOMER_READERS | {"customer_portal"},
        "create": ENTRY_CREATORS,
        "write": CUSTOMER_EDITORS,
        "unlink": {"sales_manager"},
    },
    "crm.customer.log.part": {
        "read": CUSTOMER_READERS,
        "create": CUSTOMER_EDITORS,
        "write": CUSTOMER_EDITORS,
        "unlink": CUSTOMER_EDITORS,
    },
    "crm.customer.visit": {
        "read": CUSTOMER_READERS,
        "create": ENTRY_CREATORS,
        "write": CUSTOMER_EDITORS,
        "unlink": {"sales_manager"},
    },
    # a recurring visit plan: as the customer's visits
    "crm.customer.visit.plan": {
        "read": CUSTOMER_READERS,
        "create": ENTRY_CREATORS,
        "write": CUSTOMER_EDITORS,
        "unlink": {"sales_manager"},
    },
    # a visit's event: seen by whoever sees the visit (and its attendees, as in Odoo),
    # moved or deleted by whoever may change the visit
    "calendar.event": {
        "read": CUSTOMER_READERS,
        "write": CUSTOMER_EDITORS,
        "unlink": CUSTOMER_EDITORS,
    },
    "crm.customer.classification": {
        "read": CUSTOMER_READERS,
        "create": set(),
        "write": set(),
        "unlink": set(),
    },
    "crm.customer.level.history": {
        "read": CUSTOMER_READERS,
        "create": set(),
        "write": set(),
        "unlink": set(),
    },
    "crm.customer.performance.report": {
        "read": CUSTOMER_READERS,
        "create": set(),
        "write": set(),
        "unlink": set(),
    },
    # the credit hold history follows the order's salesperson, team and customer
    "crm.customer.credit.event": {
        "read": CUSTOMER_READERS,
        "create": set(),
        "write": set(),
        "unlink": set(),
    },
    # SLA policies: one company's configuration, read by its users, set by its managers
    "crm.customer.sla.policy": {
        "read": {"salesperson", "team_leader", "other_salesperson", "sales_manager"},
        "create": {"sales_manager", "other_company_manager"},
        "write": {"sales_manager"},
        "unlink": {"sales_manager"},
    },
    # an entry's SLA status: read with the entry, written by the entry and the SLA job only
    "crm.customer.sla.status": {
        "read": CUSTOMER_READERS,
        "create": set(),
        "write": set(),
        "unlink": set(),
    },
    # a customer's rating of an entry: read as Odoo allows (every employee), written by the
    # customer's path only (the rating page, as superuser; see test_rating_access)
    "rating.rating": {
        "read": SHARED_CONFIGURATION["read"],
        "create": set(),
        "write": set(),
        "unlink": set(),
    },
    # the customer itself: its classification values (read) and its level (write)
    "res.partner": {
        "read": CUSTOMER_READERS,
        "write": {"sales_manager", "other_company_manager"},
    },
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(CustomerInfoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.env.company.crm_visit_calendar = True
        cls.users = {
            "salesperson": cls.user,
            "team_leader": cls.leader,
            "other_salesperson": cls.user2,
            "sales_manager": cls.manager,
            "invoicing": cls.finance,
            "portal": new_test_user(env, login="ci_portal", groups="base.group_portal"),
            "other_company_manager": new_test_user(
                env,
                login="ci_other_company_manager",
                groups="sales_team.group_sale_manager",
                company_id=cls.other_company.id,
                company_ids=[cls.other_company.id],
            ),
        }
        cls.acme = cls._customer("Acme Matrix", user_id=cls.user.id)
        cls.users["customer_portal"] = new_test_user(
            env,
            login="ci_customer_portal",
            groups="base.group_portal",
            partner_id=env["res.partner"].create({"name": "Ann", "parent_id": cls.acme.id}).id,
        )
        cls.level = env["crm.customer.level"].create({"name": "Shared Trial", "code": "TRIAL"})
        cls.region = env["crm.customer.region"].create({"name": "Shared Region"})
        cls.log_type = env["crm.customer.log.type"].create({"name": "Shared Type", "code": "st"})
        cls.purpose = env["crm.customer.visit.purpose"].create({"name": "Shared Purpose"})
        cls.log_tag = env["crm.customer.log.tag"].create({"name": "Shared Tag"})
        cls.complaint = env.ref("crm_customer_info.crm_customer_log_type_complaint")
        cls.routine = env.ref("crm_customer_info.crm_customer_visit_purpose_routine")
        cls.part_product = env["product.product"].create({"name": "Gasket"})
        # the matrix's policy is the only one: the log has one SLA status
        env["crm.customer.sla.policy"].search([]).unlink()
        cls.sla_policy = env["crm.customer.sla.policy"].create(
            {"name": "Matrix SLA", "response_hours": 8}
        )
        cls.log = env["crm.customer.log"].create(cls._log_values())
        cls.part = env["crm.customer.log.part"].create(cls._part_values())
        cls.visit = env["crm.customer.visit"].create(cls._visit_values())
        cls.event = cls.visit.calendar_event_id
        cls.plan = env["crm.customer.visit.plan"].create(cls._plan_values())
        cls.row = env["crm.customer.classification"].create(
            {"partner_id": cls.acme.id, "company_id": cls.company.id, "credit_rating": "B"}
        )
        env["crm.customer.classification"]._set_partner_pointers(
            cls.company, [{"id": cls.row.id, "partner_id": cls.acme.id}]
        )
        cls.history = env["crm.customer.level.history"].create(
            {"partner_id": cls.acme.id, "company_id": cls.company.id, "source": "manual"}
        )
        cls.order = env["sale.order"].create({"partner_id": cls.acme.id, "user_id": cls.user.id})
        cls.credit_event = env["crm.customer.credit.event"].create(
            {
                "order_id": cls.order.id,
                "partner_id": cls.acme.id,
                "company_id": cls.company.id,
                "user_id": cls.user.id,
                "team_id": cls.order.team_id.id,
                "action": "hold",
            }
        )
        cls.log_model = env["ir.model"]._get_id("crm.customer.log")
        cls.rating = env["rating.rating"].create(
            {"res_model_id": cls.log_model, "res_id": cls.log.id, "rating": 4, "consumed": True}
        )
        env.flush_all()
        cls.report = env["crm.customer.performance.report"].search(
            [("user_id", "=", cls.user.id), ("company_id", "=", cls.company.id)]
        )

    @classmethod
    def _log_values(cls):
        return {
            "partner_id": cls.acme.id,
            "type_id": cls.complaint.id,
            "subject": "Noisy pump",
            "user_id": cls.user.id,
        }

    @classmethod
    def _part_values(cls):
        return {"log_id": cls.log.id, "product_id": cls.part_product.id, "quantity": 1}

    @classmethod
    def _visit_values(cls):
        return {
            "partner_id": cls.acme.id,
            "purpose_id": cls.routine.id,
            "user_id": cls.user.id,
            "start": "2030-06-12 01:00:00",
        }

    @classmethod
    def _plan_values(cls):
        # far ahead: no visit within the horizon, the matrix tries the plan alone
        return {"partner_id": cls.acme.id, "date_start": "2030-06-01", "weekday": "2"}

    # what each operation does on each model, as ``user``
    def _read(self, model, user):
        if model == "res.partner":
            return self.acme.with_user(user).credit_rating == "B"
        record = self._record(model).with_user(user)
        found = record.search([("id", "=", record.id)])
        record.read(["display_name"])
        return bool(found)

    def _create(self, model, user):
        Model = self.env[model].with_user(user)
        values = {
            "crm.customer.level": {"name": "New", "code": f"N-{user.login}"},
            "crm.customer.region": {"name": f"New {user.login}"},
            "crm.customer.log.type": {"name": "New", "code": f"n-{user.login}"},
            "crm.customer.visit.purpose": {"name": f"New {user.login}"},
            "crm.customer.log.tag": {"name": f"New {user.login}"},
            "crm.customer.log": self._log_values(),
            "crm.customer.log.part": self._part_values(),
            "crm.customer.visit": self._visit_values(),
            "crm.customer.visit.plan": self._plan_values(),
            "crm.customer.classification": {"partner_id": self.acme.id},
            "crm.customer.level.history": {"partner_id": self.acme.id, "source": "manual"},
            "crm.customer.performance.report": {"user_id": user.id},
            "crm.customer.sla.policy": {"name": f"SLA {user.login}"},
            "crm.customer.sla.status": {
                "log_id": self.log.id,
                "policy_id": self.sla_policy.id,
                "start": "2030-01-01 00:00:00",
            },
            "crm.customer.credit.event": {
                "order_id": self.order.id,
                "partner_id": self.acme.id,
                "action": "release",
            },
            "rating.rating": {"res_model_id": self.log_model, "res_id": self.log.id, "rating": 5},
        }[model]
        Model.create(values)

    def _write(self, model, user):
        values = {
            "crm.customer.level": {"visit_interval_days": 45},
            "crm.customer.region": {"name": "Renamed"},
            "crm.customer.log.type": {"needs_resolution": True},
            "crm.customer.visit.purpose": {"name": "Renamed"},
            "crm.customer.log.tag": {"name": "Renamed"},
            "crm.customer.log": {"subject": "Very noisy pump"},
            "crm.customer.log.part": {"quantity": 2},
            "crm.customer.visit": {"description": "<p>Prices</p>"},
            "crm.customer.visit.plan": {"planned_hour": 10.0},
            "calendar.event": {"start": "2030-06-13 01:00:00", "stop": "2030-06-13 02:00:00"},
            "crm.customer.classification": {"credit_rating": "A"},
            "crm.customer.level.history": {"reason": "Forged"},
            "crm.customer.performance.report": {"date": "2030-01-01"},
            "crm.customer.credit.event": {"reason": "Forged"},
            "crm.customer.sla.policy": {"response_hours": 2},
            "crm.customer.sla.status": {"status": "met"},
            "rating.rating": {"rating": 5},
            "res.partner": {"level_id": self.level_b.id},
        }[model]
        self._record(model).with_user(user).write(values)

    def _unlink(self, model, user):
        self._record(model).with_user(user).unlink()

    def _record(self, model):
        return {
            "crm.customer.level": self.level,
            "crm.customer.region": self.region,
            "crm.customer.log.type": self.log_type,
            "crm.customer.visit.purpose": self.purpose,
            "crm.customer.log.tag": self.log_tag,
            "crm.customer.log": self.log,
            "crm.customer.log.part": self.part,
            "crm.customer.visit": self.visit,
            "crm.customer.visit.plan": self.plan,
            "calendar.event": self.event,
            "crm.customer.classification": self.row,
            "crm.customer.level.history": self.history,
            "crm.customer.performance.report": self.report[:1],
            "crm.customer.credit.event": self.credit_event,
            "crm.customer.sla.policy": self.sla_policy,
            "crm.customer.sla.status": self.log.sla_status_ids,
            "rating.rating": self.rating,
            "res.partner": self.acme,
        }[model]

    def _allowed(self, model, operation, user):
        """Whether ``user`` may do ``operation`` on ``model``; nothing is kept either way."""
        try:
            with self.env.cr.savepoint():
                result = getattr(self, f"_{operation}")(model, user)
                self.env.flush_all()
                allowed = result is not False
                raise _Rollback(allowed)
        except _Rollback as done:
            self.env.invalidate_all()
            return done.allowed
        except (AccessError, UserError, ValidationError):
            self.env.invalidate_all()
            return False

    def test_matrix_fixture(self):
        self.assertTrue(self.event, "the visit has its calendar event")
        self.assertTrue(self.log.sla_status_ids, "the entry has its SLA status")
        self.assertTrue(self.report, "the salesperson has performance figures")
        self.assertEqual(self.order.team_id, self.team_north, "the order is the North team's")

    def test_access_matrix(self):
        mismatches = []
        for model, operations in MATRIX.items():
            for operation in OPERATIONS:
                if operation not in operations:
                    continue
                for role in ROLES:
                    expected = role in operations[operation]
                    actual = self._allowed(model, operation, self.users[role])
                    if actual != expected:
                        mismatches.append(f"{role} {operation} {model}: {actual}, not {expected}")
        self.assertFalse(mismatches, "\n" + "\n".join(mismatches))

    def test_every_model_of_the_addon_is_in_the_matrix(self):
        models = self.env["ir.model"].search(
            [("model", "=like", "crm.customer.%"), ("transient", "=", False)]
        )
        skipped = {
            "crm.customer.product.trace",  # a view of deliveries: see test_logs_trace
            "crm.customer.demo",  # abstract: the demo story
            "crm.customer.shared.mixin",
            "crm.customer.numbered.mixin",  # abstract: numbering of log entries and visits
            "crm.customer.trace.mixin",
            "crm.customer.rating.mixin",  # abstract: ratings of log entries and visits
        }
        missing = set(models.mapped("model")) - set(MATRIX) - skipped
        self.assertFalse(missing)


class _Rollback(Exception):
    def __init__(self, allowed):
        super().__init__(allowed)
        self.allowed = allowed

"""SLA policies by tag: log tags, their access and company rules, and the policies matching them."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_sla import MONDAY, SlaCase


@tagged("post_install", "-at_install")
class TestSlaTags(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tag = cls.env["crm.customer.log.tag"]
        cls.key_account, cls.warranty, cls.noise = Tag.create(
            [{"name": "Test VIP", "color": 2}, {"name": "Test warranty"}, {"name": "Test noise"}]
        )
        cls.policy.tag_ids = cls.key_account | cls.warranty

    def test_policy_with_tags_applies_to_entries_with_one_of_them(self):
        untagged = self._log(MONDAY)
        warranty = self._log(MONDAY, tag_ids=[Command.set(self.warranty.ids)])
        both = self._log(MONDAY, tag_ids=[Command.set((self.key_account | self.noise).ids)])
        noise = self._log(MONDAY, tag_ids=[Command.set(self.noise.ids)])
        self.assertFalse(untagged.sla_status_ids)
        self.assertEqual(warranty.sla_status_ids.policy_id, self.policy)
        self.assertEqual(both.sla_status_ids.policy_id, self.policy)
        self.assertFalse(noise.sla_status_ids)
        # the other conditions still hold: a tagged consultation is not a complaint
        consultation = self._log(
            MONDAY, type_id=self.consultation.id, tag_ids=[Command.set(self.warranty.ids)]
        )
        self.assertFalse(consultation.sla_status_ids)
        # a policy without tags applies to entries with any tags, or none
        self.policy.tag_ids = False
        self.assertTrue(self._log(MONDAY, tag_ids=[Command.set(self.noise.ids)]).sla_status_ids)
        self.assertTrue(self._log(MONDAY).sla_status_ids)

    def test_tagging_later_applies_the_policy_untagging_drops_it(self):
        log = self._log(MONDAY.replace(hour=8))
        self.assertFalse(log.sla_status_ids)
        # the salesperson tags the entry in the form, an hour later
        with freeze_time(MONDAY.replace(hour=9)):
            log.with_user(self.user).write({"tag_ids": [Command.link(self.key_account.id)]})
        self.assertEqual(log.sla_status_ids.policy_id, self.policy)
        self.assertEqual(log.sla_status_ids.start, MONDAY.replace(hour=8), "from the log date")
        self.assertEqual(log.sla_deadline, MONDAY.replace(hour=12))
        self.assertEqual(log.sla_status, "on_track")
        with freeze_time(MONDAY.replace(hour=10)):
            log.write({"tag_ids": [Command.unlink(self.key_account.id)]})
        self.assertFalse(log.sla_status_ids, "nothing reached yet: the status is dropped")
        self.assertFalse(log.sla_status)

    def test_tag_names_are_unique_per_company(self):
        Tag = self.env["crm.customer.log.tag"]
        with self.assertRaises(ValidationError):
            Tag.create({"name": "Test VIP"})
        with self.assertRaises(ValidationError):
            Tag.create({"name": "Test VIP", "company_id": self.company.id})
        with self.assertRaises(ValidationError):
            Tag.create([{"name": "Twice"}, {"name": "Twice"}])
        mine = Tag.create({"name": "Urgent site", "company_id": self.company.id})
        theirs = Tag.create({"name": "Urgent site", "company_id": self.other_company.id})
        self.assertNotEqual(mine, theirs)
        with self.assertRaises(ValidationError):
            theirs.company_id = self.company
        # a shared tag's name is taken in every company, and the other way round
        with self.assertRaises(ValidationError):
            Tag.create({"name": "Urgent site"})
        with self.assertRaises(ValidationError):
            mine.company_id = False
        # archived tags keep their name
        mine.active = False
        with self.assertRaises(ValidationError):
            Tag.create({"name": "Urgent site", "company_id": self.company.id})

    def test_users_read_tags_managers_configure(self):
        Tag = self.env["crm.customer.log.tag"]
        self.assertEqual(self.key_account.with_user(self.user).name, "Test VIP")
        with self.assertRaises(AccessError):
            Tag.with_user(self.user).create({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.key_account.with_user(self.leader).write({"name": "Renamed"})
        own = Tag.with_user(self.manager).create({"name": "Own", "company_id": self.company.id})
        own.with_user(self.manager).write({"color": 4})
        # a shared tag is changed only by a manager of every company
        with self.assertRaises(AccessError):
            self.key_account.with_user(self.manager).write({"name": "Renamed"})

    def test_tags_follow_the_companies(self):
        other = self.env["crm.customer.log.tag"].create(
            {"name": "Branch only", "company_id": self.other_company.id}
        )
        visible = self.env["crm.customer.log.tag"].with_user(self.manager).search([])
        self.assertIn(self.key_account, visible, "shared tags are seen by every company")
        self.assertNotIn(other, visible)
        # an entry takes its company's and shared tags, never another company's
        log = self._log(MONDAY)
        with self.assertRaises(UserError):
            log.tag_ids = other
        with self.assertRaises(UserError):
            self.policy.tag_ids = other

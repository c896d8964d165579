"""Names shared by the addon's models, reports and wizards, defined once."""

# Customer information managers: configuration, levels, handover, every customer.
MANAGER_GROUP = "crm_customer_info.group_crm_customer_manager"
# Who reads the customer file (classification values, log entries): the customer-info
# users and finance users.
CUSTOMER_FILE_READERS = (
    "crm_customer_info.group_crm_customer_user,"
    "account.group_account_invoice,account.group_account_readonly"
)
# Who reads every customer's classification: managers and finance. The row pointer is
# theirs; the others read the partner's values, which follow the rows' record rules.
ALL_CUSTOMERS_READERS = (
    "crm_customer_info.group_crm_customer_manager,"
    "account.group_account_invoice,account.group_account_readonly"
)

# Workflow of a log entry.
LOG_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("waiting", "Waiting for Customer"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# "waiting" (for the customer) is open; SLA policies may stop their clock in it.
OPEN_STATES = ("new", "in_progress", "waiting")
DONE_STATES = ("resolved", "closed")
# Satisfaction of a log entry or a visit, 1 to 5 stars ("0": not rated).
SATISFACTION = [
    ("0", "Not Rated"),
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
# Log type code of complaints (the same in every company and language).
COMPLAINT = "complaint"

"""The words and mixes of a generated plan: names, indicators, titles, and the shares of
kaizen origins, statuses and link strengths. Varied, and cheap to draw from."""

from __future__ import annotations

from typing import NamedTuple

from hoshin.model.kinds import Direction, KaizenStatus, KaizenType, Strength


class Kpi(NamedTuple):
    """A kind of indicator, with the range its baseline usually lies in."""

    name: str
    uom: str
    direction: Direction
    low: float
    high: float


UP, DOWN = Direction.UP, Direction.DOWN


class Vocab(NamedTuple):
    """The words of one business function."""

    division: str  # with {region}
    department: str  # with {city}
    teams: tuple[str, ...]
    priorities: tuple[str, ...]
    kpis: tuple[Kpi, ...]
    subjects: tuple[str, ...]  # what a kaizen improves


VOCAB: dict[str, Vocab] = {
    "Sales": Vocab(
        "Sales {region}", "Sales {city}",
        ("Key accounts", "Inside sales", "Field sales", "Tenders", "Channel partners"),
        ("Standardise lead qualification", "Weekly pipeline reviews in every region",
         "Value-based pricing", "Key-account plans for the top customers",
         "Faster quote turnaround", "Cross-selling of service contracts"),
        (Kpi("Lead conversion rate", "%", UP, 12, 25),
         Kpi("Quote turnaround time", "hours", DOWN, 24, 72),
         Kpi("Order intake", "M€", UP, 20, 120), Kpi("Win rate on tenders", "%", UP, 20, 40),
         Kpi("Sales cycle length", "days", DOWN, 45, 120),
         Kpi("Share of service contracts", "%", UP, 10, 35)),
        ("the lead qualification checklist", "the quote template", "CRM data entry",
         "the pipeline review", "the hand-off from marketing", "contract approval",
         "visit planning", "trade fair follow-up"),
    ),
    "Marketing": Vocab(
        "Marketing {region}", "Marketing {city}",
        ("Digital", "Campaigns", "Content", "Events", "Market insight"),
        ("Lead scoring in every region", "One customer journey across channels",
         "Content for each buyer persona", "Marketing automation",
         "Voice-of-customer programme", "One brand in every channel"),
        (Kpi("Marketing-qualified leads", "per month", UP, 200, 1500),
         Kpi("Cost per lead", "€", DOWN, 40, 180), Kpi("Website conversion rate", "%", UP, 1, 5),
         Kpi("Campaign return on spend", "ratio", UP, 1.5, 4),
         Kpi("Brand awareness", "%", UP, 20, 60),
         Kpi("Time to launch a campaign", "days", DOWN, 20, 60)),
        ("the webinar sign-up page", "the newsletter template", "the lead scoring model",
         "the campaign brief", "event follow-up", "the social media calendar",
         "landing page load time", "the persona cards"),
    ),
    "Customer service": Vocab(
        "Customer care {region}", "Service centre {city}",
        ("Support desk", "Field service", "Returns", "Key-account care", "Chat"),
        ("Resolve at first contact", "Self-service knowledge base", "Tiered support",
         "Proactive service for key accounts", "Call-back within the hour",
         "Root cause of every repeat complaint"),
        (Kpi("First-contact resolution", "%", UP, 55, 80),
         Kpi("Net promoter score", "points", UP, 20, 50),
         Kpi("Average handling time", "minutes", DOWN, 6, 15),
         Kpi("Case backlog", "cases", DOWN, 200, 1200),
         Kpi("Customer satisfaction", "%", UP, 70, 90),
         Kpi("Repeat complaints", "%", DOWN, 5, 20)),
        ("knowledge base answers", "call-back booking", "the tier-1 script", "the queue board",
         "the escalation path", "the returns form", "chat macros", "warranty claim checks"),
    ),
    "Product development": Vocab(
        "R&D {region}", "R&D {city}",
        ("Sensors", "Firmware", "Mechanical design", "Test lab", "Industrial design"),
        ("Stage-gate with customer validation", "Platform and module strategy",
         "Design for manufacture", "Shorter test cycles",
         "Customer panels for each product line", "Reuse of proven components"),
        (Kpi("Time to market", "months", DOWN, 12, 30),
         Kpi("Engineering changes after release", "count", DOWN, 10, 60),
         Kpi("Projects on schedule", "%", UP, 50, 85),
         Kpi("Revenue from new products", "%", UP, 10, 35),
         Kpi("Prototype lead time", "weeks", DOWN, 4, 16),
         Kpi("Test first-pass yield", "%", UP, 70, 95)),
        ("the design review checklist", "the prototype build", "the test bench layout",
         "the requirements template", "the regression suite", "the component library",
         "customer tests in the field", "drawing release"),
    ),
    "HR": Vocab(
        "People {region}", "HR {city}",
        ("Recruiting", "People and talent", "Learning", "Health and safety", "Payroll"),
        ("Structured onboarding", "Kaizen training for every leader", "Internal mobility",
         "Safer workplaces", "Faster hiring", "A leadership pipeline"),
        (Kpi("Employee engagement index", "index", UP, 55, 75),
         Kpi("Time to hire", "days", DOWN, 30, 90), Kpi("Voluntary turnover", "%", DOWN, 6, 18),
         Kpi("Training hours per person", "hours", UP, 10, 40),
         Kpi("Lost-time injury rate", "per 1M hours", DOWN, 1, 6),
         Kpi("Internal fill rate", "%", UP, 20, 50)),
        ("the onboarding checklist", "exit interviews", "job postings", "the training plan",
         "shift handover", "the safety walk", "absence reporting", "the interview guide"),
    ),
    "Finance": Vocab(
        "Finance {region}", "Finance {city}",
        ("Accounting", "Controlling", "Treasury", "Accounts payable", "Accounts receivable"),
        ("Faster month-end close", "Paperless invoice matching", "Working capital discipline",
         "Cost transparency per product", "Digitised expense approvals", "Rolling forecasts"),
        (Kpi("Days to close the month", "days", DOWN, 5, 12),
         Kpi("Days sales outstanding", "days", DOWN, 35, 75),
         Kpi("Invoices matched automatically", "%", UP, 40, 85),
         Kpi("Forecast accuracy", "%", UP, 75, 95),
         Kpi("Cost of finance", "% of sales", DOWN, 0.8, 2),
         Kpi("Inventory turns", "turns", UP, 4, 10)),
        ("invoice matching", "the month-end checklist", "expense reports", "the payment run",
         "credit checks", "the cost centre report", "the budget template",
         "intercompany reconciliation"),
    ),
    "IT": Vocab(
        "Digital {region}", "IT {city}",
        ("IT service", "Infrastructure", "Applications", "Data", "Security"),
        ("Self-service for common requests", "Core systems in the cloud", "Security by default",
         "One data platform", "Automated testing and deployment", "A standard workplace"),
        (Kpi("Ticket resolution time", "hours", DOWN, 8, 48),
         Kpi("System availability", "%", UP, 98, 99.8),
         Kpi("Deployments per month", "count", UP, 4, 40),
         Kpi("Security incidents", "count", DOWN, 5, 30),
         Kpi("Self-service share of requests", "%", UP, 20, 60),
         Kpi("Laptop set-up time", "hours", DOWN, 4, 24)),
        ("password reset", "laptop set-up", "ticket categories", "the backup check",
         "the release checklist", "access requests", "monitoring alerts",
         "the service catalogue"),
    ),
    "Operations": Vocab(
        "Operations {region}", "Plant {city}",
        ("Assembly", "Machining", "Paint shop", "Maintenance", "Packing"),
        ("Flow production and pull scheduling", "Quick changeover on every line",
         "Total productive maintenance", "Standard work at every station",
         "Visual management on the shop floor", "Less energy per unit"),
        (Kpi("Overall equipment effectiveness", "%", UP, 55, 80),
         Kpi("Order-to-delivery lead time", "days", DOWN, 15, 45),
         Kpi("Changeover time", "minutes", DOWN, 20, 90),
         Kpi("Unplanned downtime", "hours per month", DOWN, 10, 60),
         Kpi("Productivity", "units per hour", UP, 40, 120),
         Kpi("Energy per unit", "kWh", DOWN, 2, 8)),
        ("changeover on press 3", "the kanban loop", "5S of the test bench", "andon on line 2",
         "tool presetting", "the milk run", "line balancing", "the maintenance plan"),
    ),
    "Quality": Vocab(
        "Quality {region}", "Quality {city}",
        ("Quality lab", "Inspection", "Supplier quality", "Metrology", "Complaints"),
        ("A3 problem solving at every level", "Error-proofing of critical steps",
         "Supplier quality development", "Statistical process control",
         "Faster complaint closure", "Audit-ready every day"),
        (Kpi("Defects per million", "ppm", DOWN, 200, 2000),
         Kpi("Customer complaints", "per month", DOWN, 10, 60),
         Kpi("First-pass yield", "%", UP, 85, 97),
         Kpi("Cost of poor quality", "% of sales", DOWN, 1, 5),
         Kpi("Complaints closed in 30 days", "%", UP, 50, 85),
         Kpi("Supplier defect rate", "ppm", DOWN, 300, 3000)),
        ("gauge R&R", "the defect photo board", "calibration certificates", "control charts",
         "error-proofing at the torque station", "first-article inspection", "8D reports",
         "incoming inspection"),
    ),
    "Supply chain": Vocab(
        "Supply chain {region}", "Distribution {city}",
        ("Logistics", "Purchasing", "Warehouse", "Planning", "Transport"),
        ("Supplier kanban", "Sales and operations planning", "Right-sized inventory",
         "On-time delivery to every customer", "Dual sourcing of critical parts",
         "Flow through the warehouse"),
        (Kpi("On-time delivery", "%", UP, 80, 97), Kpi("Inventory days", "days", DOWN, 30, 90),
         Kpi("Supplier on-time delivery", "%", UP, 75, 95),
         Kpi("Freight cost per order", "€", DOWN, 15, 60),
         Kpi("Demand forecast accuracy", "%", UP, 60, 85),
         Kpi("Picking errors", "ppm", DOWN, 300, 2500)),
        ("supplier kanban", "the outbound dock schedule", "the pick path", "cycle counts",
         "goods receipt", "pallet labels", "the replenishment signal", "carrier booking"),
    ),
}  # fmt: skip

#: Indicators any unit may track, whatever its function.
GENERAL_KPIS: tuple[Kpi, ...] = (
    Kpi("Kaizens completed per team per month", "count", UP, 0.3, 1.5),
    Kpi("Employee suggestions implemented", "per month", UP, 5, 40),
    Kpi("Overtime share", "%", DOWN, 5, 15),
    Kpi("Budget adherence", "%", UP, 90, 99),
    Kpi("Absenteeism", "%", DOWN, 2, 7),
    Kpi("Near misses reported", "per month", UP, 5, 40),
)

COMPANY_BREAKTHROUGHS = (
    "Be our customers' first choice in every market we serve",
    "Double recurring service revenue by 2030",
    "Halve order-to-delivery lead time",
    "Zero harm: no lost-time injury at any site",
    "Carbon-neutral operations by 2030",
    "A connected product in every product line",
    "Grow emerging-market sales to 30 % of revenue",
    "Top-quartile employee engagement",
)

REGIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("UK & Ireland", ("Leeds", "London", "Manchester", "Birmingham", "Glasgow", "Bristol",
                      "Dublin", "Cork", "Cardiff", "Belfast")),
    ("DACH", ("Munich", "Hamburg", "Berlin", "Stuttgart", "Cologne", "Vienna", "Zurich",
              "Basel", "Frankfurt", "Graz")),
    ("Nordics", ("Stockholm", "Gothenburg", "Oslo", "Bergen", "Copenhagen", "Aarhus",
                 "Helsinki", "Tampere", "Malmö", "Reykjavik")),
    ("Southern Europe", ("Madrid", "Barcelona", "Valencia", "Lisbon", "Porto", "Milan",
                         "Turin", "Bologna", "Lyon", "Marseille")),
    ("North America", ("Chicago", "Detroit", "Atlanta", "Houston", "Denver", "Seattle",
                       "Toronto", "Montreal", "Boston", "Phoenix")),
    ("Latin America", ("São Paulo", "Curitiba", "Monterrey", "Guadalajara", "Bogotá",
                       "Santiago", "Lima", "Buenos Aires", "Querétaro", "Medellín")),
    ("Asia Pacific", ("Singapore", "Kuala Lumpur", "Bangkok", "Jakarta", "Manila",
                      "Ho Chi Minh City", "Sydney", "Melbourne", "Auckland", "Perth")),
    ("Greater China", ("Shanghai", "Suzhou", "Shenzhen", "Guangzhou", "Beijing", "Tianjin",
                       "Chengdu", "Wuhan", "Hong Kong", "Taipei")),
    ("Japan & Korea", ("Tokyo", "Osaka", "Nagoya", "Yokohama", "Fukuoka", "Seoul", "Busan",
                       "Incheon", "Daegu", "Sendai")),
    ("India & Middle East", ("Pune", "Chennai", "Bengaluru", "Hyderabad", "Mumbai", "Delhi",
                             "Dubai", "Abu Dhabi", "Riyadh", "Doha")),
)  # fmt: skip

FIRST_NAMES = (
    "Maria", "Kenji", "Priya", "Tom", "Ana", "Lena", "Omar", "Gareth", "Mei", "Ivan", "Sara",
    "Grace", "Paul", "Nadia", "Jonas", "Eva", "Lucia", "Ben", "Chloe", "Raj", "Hannah",
    "Mark", "Aisha", "Pete", "Carlos", "Yuki", "Erik", "Fatima", "Dan", "Olivia", "Henrik",
    "Sofia", "Wei", "Amara", "Lars", "Ines", "Tariq", "Noor", "Diego", "Ingrid", "Kwame",
    "Hiro", "Zara", "Mateo", "Elif", "Sven", "Leila", "Jin", "Rosa", "Felix",
)  # fmt: skip
LAST_NAMES = (
    "Lopez", "Watanabe", "Nair", "Becker", "Costa", "Fischer", "Haddad", "Evans", "Chen",
    "Petrov", "Lindqvist", "Okafor", "Martin", "Rahman", "Berg", "Novak", "Romano", "Carter",
    "Dubois", "Patel", "Scott", "Hughes", "Bello", "Walsh", "Ruiz", "Tanaka", "Larsen",
    "Zahra", "Kowalski", "Grant", "Dahl", "Marin", "Zhang", "Mensah", "Johansson", "Silva",
    "Aziz", "Kaur", "Moreno", "Nilsen", "Osei", "Sato", "Khan", "Herrera", "Yilmaz",
    "Virtanen", "Farah", "Park", "Rossi", "Weber",
)  # fmt: skip

KAIZEN_VERBS = (
    "Standardise", "Simplify", "Visualise", "Automate", "Error-proof", "Speed up",
    "Rethink", "Shorten", "Remove waste from", "Halve the steps of",
)  # fmt: skip
CHECK_NOTES = (
    "Standard not followed on the night shift",
    "New starters were not trained",
    "The board was not updated for three weeks",
    "A supplier change undid the gain",
)
ACTION_TITLES = (
    "Update the standard work sheet",
    "Train the second shift",
    "Add the check to the layered audit",
    "Copy the change to the sister line",
    "Update the visual board",
    "Refresh the training of new starters",
)

ORIGIN_MIX = (0.45, 0.35, 0.20)  # top-down, bottom-up, joint: the plan-wide average
STATUS_WEIGHTS = {
    KaizenStatus.IDEA: 12,
    KaizenStatus.APPROVED: 10,
    KaizenStatus.IN_PROGRESS: 18,
    KaizenStatus.DONE: 20,
    KaizenStatus.SUSTAINED: 25,
    KaizenStatus.REGRESSED: 7,
    KaizenStatus.DROPPED: 8,
}
# Days a kaizen of each type runs, and how long before as_of a finished one must have
# started so its sustainment history makes sense (a sustained one has a held check).
DURATION = {KaizenType.EVENT: (3, 5), KaizenType.PROJECT: (30, 120), KaizenType.DAILY: (1, 10)}
MIN_AGE_AFTER_END = {
    KaizenStatus.DONE: 1,
    KaizenStatus.SUSTAINED: 60,
    KaizenStatus.REGRESSED: 35,
}
UNPLANNED = frozenset({KaizenStatus.IDEA, KaizenStatus.DROPPED})  # no due date
FIRST_LINK = (Strength.STRONG, Strength.MEDIUM, Strength.WEAK), (5, 3, 1)
EXTRA_LINK = (Strength.STRONG, Strength.MEDIUM, Strength.WEAK), (1, 3, 3)


def vocab(function: str | None) -> Vocab:
    # A plan's function list is editable; an unknown function borrows Operations' words.
    return VOCAB.get(function or "", VOCAB["Operations"])


# -- catchball: how negotiations end, and what people write ------------------------------
# Placeholders: {value} {uom} {code} {upper} {lower} {year} {parent} {baseline} {due}
# {resources}, filled in by hoshin.enterprise.negotiation.

#: How threads end, (state, weight): most are locked by the time of the plan; the unit
#: above negotiates earlier than the teams, so fewer of its threads are still open.
#: "reopened" is a locked target whose parent's goal changed since (it is in discussion).
UPPER_OUTCOMES = (
    ("locked", 66), ("agreed", 8), ("countered", 6), ("in discussion", 7),
    ("reopened", 3), ("proposed", 5), ("withdrawn", 3),
)  # fmt: skip
TEAM_OUTCOMES = (
    ("locked", 63), ("agreed", 12), ("countered", 8), ("in discussion", 11),
    ("proposed", 4), ("withdrawn", 2),
)  # fmt: skip
#: Rounds a negotiation takes (1–4), as weights.
ROUNDS = (1, 2, 3, 4), (22, 36, 27, 15)

THROW_TARGET = (
    "{upper} commits to {parent} {uom} this year; we ask {lower} for {value} {uom}.",
    "Proposed goal for {lower}: {value} {uom}, in line with the {upper} target.",
    "Here is our ask for {year}: {value} {uom}. Tell us what it takes.",
    "To make our number we need {value} {uom} from you.",
)
THROW_PRIORITY = (
    "We deploy this priority to {lower}: how will you contribute?",
    "This is one of our top priorities for {year}; we would like {lower} to take a part.",
    "Please look at what {lower} can do for this priority and come back with a proposal.",
)
OFFER_UP = (  # the unit above, after the first throw
    "We need at least {value} {uom} to make the {upper} number.",
    "Meet us at {value} {uom}; we will help with the resources.",
    "{value} {uom} is as far as we can move.",
    "Let us settle on {value} {uom} and review it at mid-year.",
)
OFFER_DOWN = (  # the unit below
    "{value} {uom} is what we can commit to with the current team.",
    "We can reach {value} {uom}; more needs the new equipment running first.",
    "Our baseline is {baseline}; {value} {uom} is a stretch already.",
    "{value} {uom}, if we get {resources}.",
)
OFFER_UP_PRIORITY = (
    "Start with a pilot and roll it out by {due}.",
    "We would like this done by {due}; tell us what you need.",
    "Let us agree on {due} and check progress every month.",
)
OFFER_DOWN_PRIORITY = (
    "We take it on, with {resources}, done by {due}.",
    "We can lead this by {due} if we get {resources}.",
    "Our proposal: a first result by {due}; we need {resources}.",
)
RESOURCES = (
    "one extra person for six months", "a budget of 40 k€ for tooling",
    "two days a month of IT support", "training for the whole team",
    "access to the customer data", "a part-time data analyst",
    "time in the weekly production meeting", "help from the quality engineers",
)  # fmt: skip
#: Questions people ask in a thread, each with the answers that fit it.
QUESTIONS_TARGET: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("What baseline did you use for {code}?",
     ("Last year's average: {baseline} {uom}.", "The last quarter, {baseline} {uom}.")),
    ("Which months are the peak for this?",
     ("March and October, as every year.", "The summer months; the plan allows for them.")),
    ("Does the goal include the sites we took over last year?",
     ("Yes, every site is in scope.", "No, those join next year.")),
    ("Who owns the data for this indicator?",
     ("Finance shares the monthly figures; we will add them to the board.",
      "The quality team; they report by the fifth of each month.")),
    ("Can we count the work already under way?",
     ("Only the part that starts this year counts.", "Yes, if it shows in this year's figures.")),
    ("How was the {upper} goal of {parent} {uom} set?",
     ("From the customer commitments for {year}.", "From the best sites, plus a stretch.")),
    ("What if demand drops in the second half?",
     ("Then we revisit the goal at mid-year.", "The goal stays; the plan changes.")),
    ("Is {baseline} {uom} the right starting point? Our own figures differ.",
     ("Send us yours; we will reconcile them this week.", "It is the audited figure.")),
)  # fmt: skip
QUESTIONS_PRIORITY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("What does success look like for {lower} by the end of {year}?",
     ("A standard in every shift, and the first results on the board.",
      "Two kaizens done and holding.")),
    ("Can we start with a pilot?",
     ("Yes, one area first, then the rest.", "A pilot is fine if it starts this quarter.")),
    ("Who else works on this priority?",
     ("The other teams of the department; we will connect you.", "Two teams already; ask them.")),
    ("Does this replace anything we do today?",
     ("It replaces the old weekly report.", "No; drop something else if you must.")),
    ("Which of our kaizens count towards this?",
     ("Every one linked to {code}.", "Those on the board under {code}.")),
)  # fmt: skip
QUESTIONS_GENERAL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("How does this fit with the other targets we have?",
     ("We checked with the other teams; it fits.", "It supports two of them; no conflict.")),
    ("Is the budget for this confirmed?",
     ("The budget is confirmed for the first half; the rest at mid-year.",
      "Yes, within this year's improvement budget.")),
    ("What happens if the new system is late?",
     ("We have a manual fallback.", "Then we revisit the plan at mid-year.")),
    ("When do we review progress?",
     ("Every month at the review.", "At the monthly review, first Tuesday.")),
    ("Who can help us with the data?",
     ("The controller of your division.", "The data team; open a ticket.")),
)  # fmt: skip
REMARKS = (  # said by anyone, outsiders included
    "Finance view: the budget assumes this goal.",
    "Quality: the audit plan is aligned with this.",
    "Please keep the customer commitments in mind.",
    "HR can support the training this needs.",
    "We did something similar last year; happy to share what worked.",
    "Looks reasonable from our side.",
    "Adding the data from the last quarter to the shared folder.",
    "Let us make sure the teams see this at the next stand-up.",
    "IT can have the report ready by the end of the month.",
    "The supplier side is on board.",
    "Sharing the notes of yesterday's meeting in the folder.",
    "Our customers asked about this in the last survey.",
    "Safety first: the new standard must go through the safety walk.",
    "Can we keep this thread to the numbers? Details in the team meeting.",
)
REJECTS = (
    "Not reachable without more people; let us restart from the baseline.",
    "This does not add up with the other targets; we cannot accept it.",
    "We cannot sign up to this as it stands.",
)
AGREES = ("Agreed.", "Agreed, thank you.", "We can live with that.", "Deal.", "Agreed: let us go.")
AFTER_AGREEMENT = (
    "Thanks, everyone.",
    "We will put it on the board.",
    "Adding it to the monthly review.",
)
WITHDRAWS = (
    "Withdrawn: the priority was merged with another one.",
    "Withdrawn after the budget review; a new version follows.",
    "Withdrawn: this no longer applies to {lower}.",
)
FOLLOW_UPS = (  # comments on a locked commitment during the year
    "Last month's figures are in: on plan.",
    "Slightly behind plan last month; countermeasure agreed at the review.",
    "Ahead of plan last month; keeping the pace.",
    "Progress discussed at the monthly review; no change needed.",
)
REOPEN = (
    "{upper} changed the goal of {code} from {old} to {new}{uom_sep}; the agreement of "
    "{agreed}{uom_sep} is open for discussion again."
)

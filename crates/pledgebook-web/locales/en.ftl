# pledgebook's interface in English. Every key here must also be in ja.ftl
# (a test checks).

site-name = pledgebook
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
sign-in = Sign in
sign-out = Sign out
sign-in-failed = That e-mail address and password do not match. Check them and try again.
email = E-mail address
password = Password
footer = pledgebook: commitments against child labour and child exploitation, and what became of them.
fallback-marker = (not available in English; shown in Japanese)
home-title = Commitments and their progress
home-intro = Governments, NGOs, trade unions, companies and co-operatives promise action against child labour and child exploitation. Here is what they promised and what they have done.
initiatives = Initiatives
organisations = Organisations
commitments = Commitments
events = Events
none-yet = Nothing here yet.
commitments-count = { $count ->
    [one] { $count } commitment
   *[other] { $count } commitments
}
deadline = Submission deadline
periods = Reporting periods
secretariat = Secretariat
members = Members and partners
framework = Framework
responsible = Responsible
abbreviations = Abbreviations
country = Country
networks = Member of
links = Links

initiative-kind-pledge_campaign = Pledge campaign
initiative-kind-action_plan = Action plan
initiative-kind-platform = Platform
initiative-kind-project = Project

org-kind-government_body = Government body
org-kind-local_government = Local government
org-kind-ngo = NGO / CSO
org-kind-trade_union = Trade union
org-kind-business = Company
org-kind-business_association = Business association
org-kind-cooperative = Co-operative
org-kind-international_organisation = International organisation
org-kind-academic = Academic
org-kind-media = Media
org-kind-network = Network / platform
org-kind-individual = Individual

status-draft = Draft
status-submitted = Submitted
status-returned = Returned for changes
status-approved = Approved
status-rejected = Rejected
status-in_progress = In progress
status-completed = Completed
status-withdrawn = Withdrawn

role-member = Member
role-secretariat = Secretariat
role-joint_secretariat = Joint secretariat
role-partner = Partner

nav-report = My reports
nav-review = Review
all = All
filter = Filter
clear-filters = Clear filters
show = Show
status = Status
title = Title
lead = Lead organisation
co-responsible = With
initiative = Initiative
commitment = Commitment
measure = Measure
period = Period
date = Date
source = Source
plan = What the plan says
progress = Progress reported
indicators = Indicators
the-pledge = The pledge
implementation = How it will be implemented
impact = Expected impact
repeat-of = Repeat of
pending-review = Waiting for review
no-reports-yet = No progress has been reported yet.
follow = Follow: tell me about changes
history = History
target = Target
projected = projected
on-track = On track
off-track = Off track
make-a-pledge = Make a pledge
pledges-closed = This campaign no longer accepts pledges: its submission deadline has passed.
word-limits = Word limits
form-has-errors = { $count ->
    [one] Please correct the field marked below.
   *[other] Please correct the { $count } fields marked below.
}
your-organisation = Your organisation
existing-organisation = Choose your organisation
choose-or-add-below = (not listed: add it below)
new-organisation = …or give its name
organisation-kind = Kind of organisation
partners = Partners in a joint pledge
partners-hint = Names of the other organisations, separated by commas.
focal-point = Focal point
contact-name = Your name
contact-private = The secretariat uses these details only to reach you about this pledge; they are never published.
send-pledge = Send the pledge
send-again = Send it again
your-pledge = Your pledge
keep-this-link = Keep the address of this page: it is how you can see what becomes of your pledge, and change it if the secretariat asks you to.
see-public-page = See it on the public site
secretariat-comment = The secretariat's comment
edit-and-send-again = Change your pledge and send it again
review-queue = Review
pledges-to-review = Pledges waiting for a decision
reports-to-review = Progress reports waiting for review
nothing-waiting = Nothing is waiting.
comment = Comment (sent to the submitter)
approve = Approve
return-with-comment = Return with comment
reject = Reject
involves-children-warning = This report contains photos or stories about children. Confirm that consent was given, or publish a redacted text.
consent-confirmed = Consent was given for what shows children
redacted-text = Redacted text to publish instead
publish-redacted = Publish redacted
reports-owed = Reports you owe
no-open-rounds = No reporting round is open at the moment.
reported = Reported
not-yet-reported = Not yet reported
report-progress = Report progress
what-was-done = What was done (English)
what-was-done-ja = What was done (Japanese)
figures = Figures
figures-hint = One per line: the number, a bar, and what it counts. For example: 2,400 | study-session participants
involves-children = This report contains photos or stories about children
send-report = Send the report
coverage = Who has reported
reports-received = reports received
download-missing = Download the list of missing reports (CSV)
round = Reporting round
open-round = Open the round
close-round = Close the round
round-open = open
round-not-open = closed
version = Version
when = When
who = Who
what = What
changed = Changed
restore = Restore this version
outbox = Notifications
outbox-hint = Messages are sent by e-mail when SMTP is configured; until then they can be read here.
to = to
sent = sent
waiting = waiting to be sent

error-too-long = This is longer than a key may be (120 bytes); shorten it.
error-slug = This title cannot be made into a key; change it slightly.
error-too-many-partners = Name at most 10 partners; the secretariat can add more.
error-required = This is required.
error-choose-organisation = Choose your organisation, or give its name.
error-date = Write the date as YYYY-MM-DD.
error-too-many-words = Too many words
error-email = Give a valid e-mail address.
error-url = Give a web address starting with https://
error-transition = This change of status is not allowed.
error-use-transition = The status changes only through review.
error-missing-reference = Something this refers to does not exist.
error-unknown-value = Choose one of the listed values.
error-closed-round = This reporting round is closed.
error-round-not-open = No reporting round is open for this period.
error-consent = Confirm consent or redact first.

commitment-kind-pledge = Pledge
commitment-kind-measure = Plan measure
commitment-kind-project = Project
action-create = Created
action-update = Changed
action-transition = Decision
action-restore = Restored
action-import = Imported
kind-organisation = Organisation
kind-initiative = Initiative
kind-commitment = Commitment
kind-progress_entry = Progress report
kind-indicator = Indicator
kind-event = Event
kind-user = Account
mode-in_person = In person
mode-online = Online
mode-hybrid = Hybrid
day-mon = Mon
day-tue = Tue
day-wed = Wed
day-thu = Thu
day-fri = Fri
day-sat = Sat
day-sun = Sun

photos = Photos
photos-hint = JPEG or PNG, up to 4 photos of 5 MB each. Photos are published only after the secretariat has confirmed consent.
photos-kept = Photos kept from your last try (untick one to leave it out)
photo-alt = Photo
error-photo-too-large = A photo is larger than 5 MB.
error-too-many-photos = Send at most 4 photos.
error-photo-type = Photos must be JPEG or PNG.

search = Search
search-for = Words to look for (English or Japanese)
search-unavailable = Search is not available on this server at the moment.
results-count = { $count ->
    [one] 1 result
   *[other] { $count } results
}
facet-kind = Kind
facet-initiative = Initiative
facet-pillar = Pillar
facet-level = Level
facet-sdg = SDG target
facet-period = Period
facet-status = Status
facet-organisation = Organisation
facet-org_kind = Kind of organisation
download = Download
add-to-calendar = Add these events to your calendar (iCalendar)
implementation-status = Implementation status report
report-in-english = The texts of this part are in English only.
text-layout = Text (report layout)
measures-without-results = Measures with no result this period
every-measure-reported = Every measure has at least one result this period.
who-does-what = Who does what
agency = Agency

## Figures and distribution
figures-page = Figures and distribution
figures-link = Figures and charts
all-periods = All periods
all-tables = All tables
figures-by-unit = Figures reported, added up by unit
figures-by-org-kind = Figures by kind of reporting organisation
commitments-by-org-kind = Commitments by stakeholder group (kind of lead organisation)
commitments-by-level = Commitments by level
commitments-by-region = Commitments by region (country of the lead organisation)
unit = Unit
total = Total
figure-count = Figures added
group = Group
commitments-heading = Commitments
unknown = Unknown
none-given = Not given
no-figures = No figures have been reported for this period.
no-commitments = No public commitments yet.
downloads-commitments = Commitments
downloads-reports = Progress reports
downloads-observations = Indicator observations
downloads-initiative = Everything (the whole initiative)

## Paged lists
next-page = Next page →
first-page = ← First page
showing-of = { $shown } of { $total }
all-initiatives = All initiatives →
all-organisations = All organisations →
organisations-count = { $count ->
    [one] { $count } organisation
   *[other] { $count } organisations
}
initiatives-count = { $count ->
    [one] { $count } initiative
   *[other] { $count } initiatives
}
all-kinds = All kinds
org-kind = Kind of organisation
queue-counts = Waiting for review: { $pledges } pledge(s) and { $reports } report(s). The oldest come first.
delivery-attempts = { $count } failed attempts; it will be tried again
delivery-given-up = not delivered after { $count } attempts; check the address and ask the administrator to look at the mail relay
search-too-broad = So many results match that they are not counted by pillar, organisation and so on: add a word or choose a filter to narrow the search.

import-report = Import a report
import-report-hint = An implementation-status or progress report, as text or PDF. You see what it holds and what it would change before anything is written.
import-file = The report (text or PDF)
import-initiative = Key of the action plan
import-title = Title of the action plan
import-title-hint = Only when the plan is new: it is created with this title.
import-layout = Layout
import-layout-detect = Detect it
import-preview = Preview
import-read-as = Read with
pillars = pillars
measures = measures
results = results
line = Line
import-refused = Nothing was written.
import-warnings = What the importer noticed
import-level = How much it matters
import-what = What
import-level-notice = Note
import-level-departure = Departure: accept it to import
import-level-conflict = Conflict: correct the file
import-would-change = What importing would change
import-kind = Records
import-created = New
import-updated = Changed
import-unchanged = Unchanged
import-changed-fields = The fields that change
import-not-in-file = In the database but no longer in the file (left as they are)
import-accept = The file is right as it is: import it with these departures
import-confirm = Import
import-another = Import another file
new-organisations = New organisations, public once this pledge is approved:
import-correct-the-file = Correct the file at the lines marked Conflict below, then import it again.
import-tick-to-accept = The lines marked Departure below may put data in the wrong place. If the file is right as it is, tick the box at the bottom and import.

# Restoring an earlier version
restore-confirm-title = Restore an earlier version?
restore-nothing = This version has the same content as the record has now: restoring it would change nothing.
restore-confirm-intro = Restoring version { $version } changes these fields:
field = Field
value-now = Now
value-after-restore = After the restore
restore-keeps-status = The status, visibility and review decisions stay as they are now; only the content comes back. The restore is itself a new version, so it can be undone.
restore-version = Restore version { $version }
back-to-history = Back to the history

# The back office
admin = Administration
admin-lead = Set up and correct what the site shows. Every change is kept in the history of the record it changes.
admin-organisations = Organisations
admin-organisations-hint = Add and correct organisations, approve those named on the pledge form, merge duplicates, record memberships of networks and platforms.
add-organisation = Add an organisation
name = Name
state = State
org-merged = Merged
org-pending = Waiting for review
org-public = Public
saved = Saved.
org-merged-into = This organisation has been merged into
org-pending-explained = This organisation was named on the public pledge form and is not public yet. It becomes public when a pledge that names it is approved, or when you approve it here.
approve-organisation = Approve this organisation
public-page = Public page
name-en = Name in English
name-ja = Name in Japanese
key = Key
key-hint = Used in the address of the public page. Leave it empty to make it from the English name.
abbreviations-hint = Separate several with commas, e.g. MHLW, MOFA.
country-hint = Two-letter code, e.g. JP.
web-links = Web links
link-label = Label
link-url = Address (https://…)
memberships = Memberships of networks and platforms
memberships-hint = Name the network or platform by its key or name. Save to get another empty row.
network-or-platform = Network or platform
membership-role = Role
since = Since
until = Until
change-note = Note for the history (optional)
save = Save
merge-organisation = Merge into another organisation
merge-explained = If this organisation is the same as another one, merge it: everything that names it (pledges, reports, events, accounts, memberships) will name the other one. This one is kept, with its history, but no longer listed.
merge-into = The organisation that stays (key or name)
merge-confirm = I have checked that both are the same organisation.
merge = Merge
error-choose-kind = Choose what kind of organisation this is.
error-before-start = The end date is before the start date.
error-no-network = There is no network or platform called
error-organisation-exists = An organisation with this name or key already exists: open it from the list, or give another key.
error-changed-meanwhile = Someone else changed this record while you were editing it. Open it again to see their change, then make yours.
error-confirm-merge = Tick the box to confirm that both are the same organisation.
error-no-organisation = There is no organisation called
my-organisation = My organisation

# Accounts
admin-accounts = Accounts
admin-accounts-hint = Invite people, change their role, deactivate them, send a password reset, and manage their API tokens.
accounts-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
invite-person = Invite a person
role-name-admin = Administrator
role-name-secretariat = Secretariat
role-name-editor = Editor (reports for one organisation)
role-name-reviewer = Reviewer
account-disabled = Deactivated
account-active = Active
error-only-admin-grants = Only an administrator can make someone an administrator.
error-choose-role = Choose a role.
error-editor-needs-organisation = An editor reports for an organisation: name it.
error-account-exists = There is already an account with this e-mail address.
error-token-label = Give the token a label of at most 80 characters, such as what uses it.
invitation-sent = The invitation has been sent. Its link works once, for 7 days; you can read the message in the outbox.
reset-sent = A link to set a new password has been sent.
token-shown-once = The new API token is shown only this once. Copy it now and keep it safe.
account-disabled-explained = This account is deactivated: the person cannot sign in and their API tokens do not work.
account-organisation = Organisation (key or name)
account-organisation-hint = Needed for an editor: they report for this organisation.
mail-language = Language of e-mails
send-invitation = Send the invitation
sign-in-access = Sign-in
send-reset = Send a password reset link
reactivate = Reactivate
deactivate = Deactivate
api-tokens = API tokens
no-api-tokens = No API tokens.
created = Created
revoke = Revoke
new-token-label = Label of a new token (what will use it)
create-token = Create a token
mail-invite-subject = You are invited to pledgebook
mail-invite-body = The secretariat has made you an account. Open this link to choose your password:
mail-reset-subject = Set a new pledgebook password
mail-reset-body = Open this link to choose a new password:
mail-link-expires = The link works once, for { $days } days. If it has expired, ask the secretariat for a new one.
set-password = Set your password
link-gone = This link has been used or has expired. Ask the secretariat to send you a new one.
new-password = New password
password-hint = At least 10 characters.
password-again = The same password again
error-password-short = The password needs at least { $count } characters.
error-passwords-differ = The two passwords are not the same.
password-set = Your password is set. Sign in with it.

# Platforms
members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
all-members = All members
context-figures = Context figures
indicator = Indicator
value = Value
as-of = As of
qualifier-approximately = approx.
qualifier-at_least = at least
members-of = Members of

# Initiatives and frameworks
admin-initiatives = Campaigns, plans, platforms and projects
admin-initiatives-hint = Create a campaign and open it for pledges, set up an action plan with its pillars and measures, edit titles, deadlines, word limits and facets.
add-initiative = Create a campaign, plan, platform or project
initiative-kind = Kind
edit-framework = Pillars and measures
title-en = Title in English
title-ja = Title in Japanese
summary-en = Summary in English
summary-ja = Summary in Japanese
starts = Starts
ends = Ends
periods-hint = The reporting periods, separated by commas: 2021, FY2020, 2021-H1.
word-limits-hint = The most words a pledge may have in each field; leave empty for no limit.
participants = Secretariat, members and partners
participants-hint = Name each organisation by its key or name. Save to get another empty row. Platform members with dates are recorded on the organisation’s own page.
facets = Facets (pillars, levels, SDG targets …)
facets-hint = Each facet is a way of classifying pledges; the pledge form offers its values as checkboxes.
facet-key = Key
facet-values = Values
facet-values-hint = One value a line: key | English label | Japanese label, e.g. “act | Act | 行動”.
error-too-many-values = A facet has at most { $count } values.
error-facet-value = Write each value as key | English | Japanese, with a key without spaces; line
error-facet-empty = A facet needs at least one value.
error-word-limit = A word limit is a whole number above zero, or empty.
error-period = This is not a period such as 2021 or FY2020:
error-initiative-exists = There is already an initiative with this key: give another key.
framework-hint = One block per pillar, measure or sub-measure. Its identifier (1-(ii)) follows from its number and the node it sits under; pledges and reports placed under a node move with it. Change “Order” to reorder nodes under the same parent.
new-node = New pillar or measure
node-parent = Under
node-top = — a pillar (top level) —
node-number = Number
node-order = Order
node-remove = Remove this node
error-node-parent = This node sits under one that is being removed or does not exist.
error-node-duplicate = Two nodes would have the identifier
error-node-has-commitments = { $count } commitments sit under this node: it cannot be removed. Withdraw them instead.
error-node-number = Give the node a number without spaces, brackets or dashes, such as 1, ii or a.
error-node-title = Give the node a title in English or Japanese.

# Events in the back office
admin-events = Events
admin-events-hint = Add and correct meetings, forums and campaigns: the events calendar and its iCal feed follow.
events-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
add-event = Add an event
event-mode = Held
event-place = Place
event-initiative = Campaign, plan, platform or project (key)
organisers = Organisers
co-organisers = Co-organisers
organisations-hint = Organisations by key or name, separated by commas.
presenters = Presenters
presenter-topic = What they presented
attendance = Attendance
event-commitments = Commitments it serves (numbers)
event-commitments-hint = The numbers in the commitments’ addresses (/commitments/12), separated by commas.
error-event-starts = Give the day the event starts.
error-no-initiative = There is no campaign, plan, platform or project with the key
error-attendance = Attendance is a whole number of people.
error-no-commitment = There is no commitment numbered
error-event-exists = There is already an event with this title on this day.

# Indicators in the back office
admin-indicators = Indicators
admin-indicators-hint = Add indicators with their baseline and targets, record observations, and name the reported figures that feed them.
indicators-count = { $count ->
    [one] { $count } indicator
   *[other] { $count } indicators
}
add-indicator = Add an indicator
current-value = Now
indicator-commitment = Commitment it measures (number, optional)
aggregation = How observations combine
aggregation-latest = Each is the running total (latest counts)
aggregation-sum = Each adds new units (summed)
aggregation-max = The highest counts
indicator-counts = Reported figures it counts (unit)
indicator-counts-hint = When a progress report on the commitment is approved, its figures with this unit (e.g. “ambassadors”) are added as observations.
baseline = Baseline
targets = Targets
target-deadline = By
target-label = As people say it (“by the end of FY2020”)
observations = Observations
observations-hint = Record a new observation in the empty row. Tick “withdraw” to take one out; the history keeps it.
qualifier = Exactness
qualifier-name-exact = Exact
qualifier-name-approximately = Approximately
qualifier-name-at_least = At least
reported-by = Reported by (organisation)
withdraw-observation = Withdraw
dimensions = Disaggregation
dimensions-hint = Name a dimension (sex, age group, prefecture) and its categories separated by commas, each as “English / 日本語”: female / 女性, male / 男性. Each observation then takes a value per category; those of one dimension must add up to the observation's value.
dimension-name-en = Dimension (English)
dimension-name-ja = Dimension (Japanese)
dimension-categories = Categories
breakdown-by = By
breakdown = Breakdown
category = Category
share = Share
error-breakdown-sum = The values by category must add up to the total
error-unknown-category = This category is not one of the indicator's
error-duplicate = Each name may be given only once
error-categories = A dimension needs at least one category (at most 50)
error-too-many = Too many entries
error-number = Write a number, such as 1,000 or 3.5
error-indicator-exists = There is already an indicator with this name in this initiative.

# Editing commitments
edit = Edit
tags = Tags (separated by commas)
lead-organisations = Lead organisations
withdraw-commitment = Withdraw
withdraw-explained = A withdrawn commitment leaves the public site with its reports; its history stays, and the secretariat is told.
withdraw-reason = Why (optional; kept in the history)
error-lead-needed = Name at least one lead organisation.

# Reporting rounds
mail-round-subject = Reporting is open:
mail-round-body = The secretariat has opened the reporting round. Please report what your organisation did under each of these commitments, through its report form:
mail-reminder-subject = Reminder: your report is awaited for
mail-reminder-body = The secretariat has not yet received your organisation’s report on these commitments. Please send it through its report form:
send-reminder = Send a reminder to those who have not reported
messages-queued = { $count ->
    [one] { $count } message is in the outbox.
   *[other] { $count } messages are in the outbox.
}

# Error pages
error = Error
error-title-400 = The request could not be read
error-status-400 = Something in the address or the form could not be read. Go back, check what you entered, and try again.
error-title-401 = Please sign in
error-status-401 = This page is for signed-in users. Sign in, then open it again.
error-title-403 = Not allowed
error-status-403 = You are not allowed to do this. Ask your secretariat if you should be.
error-title-404 = Page not found
error-status-404 = There is no page at this address. Check the address, or start from the home page or search.
error-title-405 = Not possible here
error-status-405 = This address does not take this kind of request. Go back and use the page's own buttons.
error-title-409 = Changed meanwhile
error-status-409 = Someone else changed this first. Reload the page and try again.
error-title-413 = Too large
error-status-413 = What you sent is larger than this server takes. Send a smaller file.
error-title-422 = Please correct the form
error-status-422 = Some fields need correcting. Go back and check them.
error-title-429 = Too many requests
error-status-429 = You have tried too often. Wait a few minutes, then try again.
error-title-500 = Something went wrong
error-status-500 = Something went wrong on our side. Please try again in a minute.
error-title-503 = Not available right now
error-status-503 = The server is busy or cannot do this now. Try again in a minute.

# Acknowledgements
mail-received-subject = Your pledge has been received:
mail-received-body = Thank you. The secretariat has received your pledge and will review it; it is published once approved. You will hear from us when it is decided.
mail-track-link = Follow it, and change it if the secretariat returns it, here:
merge-into-existing = Already known as another organisation?

# Field names in the history
record-field-title = Title
record-field-summary = Summary
record-field-description = Pledge / description
record-field-implementation = Implementation
record-field-impact = Expected impact
record-field-status = Status
record-field-lead = Lead organisations
record-field-co_responsible = With
record-field-facets = Facets
record-field-tags = Tags
record-field-links = Web links
record-field-name = Name
record-field-abbreviations = Abbreviations
record-field-kind = Kind
record-field-country = Country
record-field-memberships = Memberships
record-field-platforms = Platforms
record-field-pending = Waiting for review
record-field-merged_into = Merged into
record-field-framework = Pillars and measures
record-field-participants = Participants
record-field-periods = Periods
record-field-rounds = Reporting rounds
record-field-submission_deadline = Deadline
record-field-word_limits = Word limits
record-field-observations = Observations
record-field-targets = Targets
record-field-baseline = Baseline
record-field-unit = Unit
record-field-counts = Reported figures it counts
record-field-aggregation = How observations combine
record-field-narrative = Report
record-field-figures = Figures
record-field-review = Review
record-field-starts = Starts
record-field-ends = Ends
record-field-place = Place
record-field-mode = Held
record-field-organisers = Organisers
record-field-co_organisers = Co-organisers
record-field-presenters = Presenters
record-field-attendance = Attendance
record-field-commitments = Commitments
record-field-email = E-mail address
record-field-role = Role
record-field-organisation = Organisation
record-field-disabled = Deactivated
record-field-lang = Language
record-field-node = Measure
record-field-period = Period
record-field-reported_by = Reported by
record-field-safeguarding = Safeguarding
record-field-date = Date
overdue = Overdue
reports-due-by = Reports are due by
round-closes = Due by (optional)

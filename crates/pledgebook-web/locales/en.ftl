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

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

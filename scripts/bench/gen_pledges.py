#!/usr/bin/env python3
# Copied from the workplace's shared/bench/gen_pledges.py (the benchmark generator every
# developer measures with); keep it identical so figures compare.
"""Generate N synthetic pledges as CSV, shaped like real campaign pledges (vocabulary from the reference documents).
usage: gen_pledges.py N OUT.csv [--seed S]   columns: id,organisation,organisation_kind,country,pillar,level,sdg_target,title,pledge,implementation,impact,language"""
import csv, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
kinds = ["government body", "local government", "NGO/CSO", "trade union", "employer/business", "business association", "cooperative", "international organisation", "academic", "individual"]
countries = ["Japan", "Ghana", "Côte d'Ivoire", "India", "Bangladesh", "Brazil", "Philippines", "Germany", "United States", "Nepal", "Uganda", "Peru", "Indonesia", "Viet Nam", "Kenya"]
pillars, levels = ["Act", "Inspire", "Scale up"], ["regional", "national", "organisational", "individual"]
targets = ["8.7", "16.2", "5.2", "4.1", "8.8", "1.3"]
verbs = ["strengthen", "expand", "launch", "support", "monitor", "advocate for", "train", "raise awareness of", "eliminate", "map"]
objs = ["child labour in cocoa supply chains", "due diligence in supply chains", "social protection for vulnerable families", "access to quality education", "labour inspection capacity", "awareness of child sexual exploitation", "safe internet use by children", "support for migrant workers", "birth registration", "youth employment", "prevention of trafficking in persons", "child-rearing support for single-parent families"]
how = ["through a seminar for policy-makers and the media", "with an awareness-raising campaign on social media", "by training labour inspectors in five regions", "in collaboration with local governments and trade unions", "through study sessions with registered ambassadors", "with a public-private conference", "by publishing a brochure and a survey report", "through community monitoring systems"]
impact = ["Stakeholders will deepen their understanding of child labour and advance their own activities toward SDG 8.7.", "Children at risk will be identified earlier and referred to services.", "Companies will be able to identify and remediate child labour in their supply chains.", "Families will gain access to social protection and children will stay in school.", "Policy-makers will adopt an action plan with measurable targets."]
ja_titles = ["児童労働の撤廃に向けた主要ステークホルダーへの働きかけ", "子どもの未来アクションの推進", "外国人労働者の受入れ環境の改善", "子供の性被害防止に向けた広報啓発", "インターネットの安全な利用の促進", "サプライチェーンにおける人権デュー・ディリジェンス"]
orgs = [f"{rnd.choice(['Network', 'Alliance', 'Foundation', 'Union', 'Ministry', 'Association', 'Cooperative', 'Platform'])} for {rnd.choice(objs).split(' in ')[0].title()} {i}" for i in range(max(50, n // 20))]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "organisation", "organisation_kind", "country", "pillar", "level", "sdg_target", "title", "pledge", "implementation", "impact", "language"])
    for i in range(1, n + 1):
        ja = rnd.random() < 0.1
        o = rnd.choice(objs)
        title = rnd.choice(ja_titles) if ja else f"{rnd.choice(verbs).capitalize()} {o}"
        pledge = " ".join(f"We pledge to {rnd.choice(verbs)} {rnd.choice(objs)} {rnd.choice(how)}." for _ in range(rnd.randint(2, 4)))
        impl = " ".join(f"We will {rnd.choice(verbs)} {rnd.choice(objs)} {rnd.choice(how)}." for _ in range(rnd.randint(1, 3)))
        w.writerow([i, rnd.choice(orgs), rnd.choice(kinds), rnd.choice(countries), rnd.choice(pillars), rnd.choice(levels), rnd.choice(targets), title, pledge, impl, rnd.choice(impact), "ja" if ja else "en"])

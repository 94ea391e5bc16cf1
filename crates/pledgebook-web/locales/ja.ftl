# pledgebook の日本語インターフェース。en.ftl と同じキーをすべて持つこと
# (テストで確認しています)。

site-name = pledgebook
skip-to-content = 本文へ移動
nav-label = メイン
nav-home = ホーム
sign-in = サインイン
sign-out = サインアウト
sign-in-failed = メールアドレスとパスワードが一致しません。確認して、もう一度お試しください。
email = メールアドレス
password = パスワード
footer = pledgebook:児童労働・子どもの搾取をなくすための約束と、その成果。
fallback-marker = (日本語版はありません。英語で表示しています)
home-title = 約束とその進捗
home-intro = 政府、NGO、労働組合、企業、協同組合が、児童労働と子どもの搾取をなくすための行動を約束しています。何を約束し、何を実行したかをここで公開しています。
initiatives = 取り組み
organisations = 団体
commitments = コミットメント
events = イベント
none-yet = まだありません。
commitments-count = コミットメント { $count }件
deadline = 提出期限
periods = 報告期間
secretariat = 事務局
members = メンバー・パートナー
framework = 枠組み
responsible = 担当
abbreviations = 略称
country = 国
networks = 加盟先
links = リンク

initiative-kind-pledge_campaign = 誓約キャンペーン
initiative-kind-action_plan = 行動計画
initiative-kind-platform = プラットフォーム
initiative-kind-project = プロジェクト

org-kind-government_body = 政府機関
org-kind-local_government = 地方自治体
org-kind-ngo = NGO・市民社会組織
org-kind-trade_union = 労働組合
org-kind-business = 企業
org-kind-business_association = 経済団体
org-kind-cooperative = 協同組合
org-kind-international_organisation = 国際機関
org-kind-academic = 学術機関
org-kind-media = メディア
org-kind-network = ネットワーク・プラットフォーム
org-kind-individual = 個人

status-draft = 下書き
status-submitted = 提出済み
status-returned = 差し戻し
status-approved = 承認済み
status-rejected = 却下
status-in_progress = 実施中
status-completed = 完了
status-withdrawn = 取り下げ

role-member = メンバー
role-secretariat = 事務局
role-joint_secretariat = 共同事務局
role-partner = パートナー

import type { Messages } from './en.js';

// 日本語
export const ja: Messages = {
  app: { title: 'Concord コンソール' },
  session: {
    signedInAs: '{{nation}} 運用者',
    signOut: 'サインアウト',
    language: '言語',
    signingIn: 'サインイン中…',
    noToken:
      'サインインしていません。`concord start`(または `concord network up`)が表示した運用者リンク(…/#/sign-in/<token>)を開いてください。',
    badToken:
      'このトークンはこのノードのどの運用者のものでもありません(別の実行のリンク?)。サインアウトして現在のリンクを使ってください。',
    unreachable: 'ノードに接続できません: {{message}}',
    signedOut: 'サインアウトしました。',
  },
  nation: { USA: '米国', JPN: '日本', KOR: '韓国' },
  stream: {
    connecting: '接続中…',
    open: 'ライブ',
    retrying: '接続が切れました。再接続中…',
    refused: 'ノードが拒否しました: {{detail}}',
  },
  map: { cursor: 'カーソル {{lat}}, {{lon}}', outside: 'カーソルは地図の外', label: '状況図' },
  warnings: {
    none: '警報なし',
    reason: {
      impact: '落下',
      'possible-impact': '落下の可能性',
      overflight: '上空通過',
      'possible-overflight': '上空通過の可能性',
    },
    zone: { land: '陸域', 'territorial-sea': '領海', eez: 'EEZ', base: '基地' },
    countdown: 'あと {{time}}',
    passed: '{{time}} 前',
    withdrawn: '取消',
    line: '{{area}}、{{lat}} {{lon}} 付近({{track}}、{{phase}})',
    phase: { boost: 'ブースト段階', ballistic: '弾道段階' },
    region: '警報',
  },
  tracks: {
    caption: '状況図の航跡({{count}})',
    empty: 'まだ航跡はありません。',
    loading: '状況図を待っています…',
    id: '航跡',
    origin: '発信国',
    kind: '自国/パートナー',
    own: '自国',
    partner: 'パートナー',
    fused: '融合',
    lat: '緯度',
    lon: '経度',
    altitude: '高度 (km)',
    speed: '速度 (m/s)',
    sigma: 'σ (m)',
    time: '時刻 (UTC)',
    sortBy: '{{column}}で並べ替え',
  },
  legend: {
    bases: '米軍基地',
    own: '自国の航跡',
    partner: 'パートナーの航跡',
    history: '軌跡',
    impact: '予測落下点',
    zones: '海域',
  },
  clock: 'シナリオ時刻 {{time}}',
};

// The replay bar's strings in English, Japanese and Korean; web/src/i18n/{en,ja,ko}.ts take them in
// under `replay` (so test/web/pure.test.ts checks that the three have the same keys and placeholders).

export const replayEn = {
  label: 'Replay of the scenario',
  loading: 'Reading the scenario clock…',
  failed: 'Cannot read the scenario clock: {{message}}',
  none: 'No replay on this node: its clock is its own process’s (a distributed node). Replay is the embedded network’s (concord start).',
  play: 'Play',
  pause: 'Pause',
  speed: 'Speed',
  time: 'Scenario time',
  clock: '{{t}} of {{duration}}',
  scenario: 'Scenario',
  paused: 'paused',
  ended: 'ended',
  running: 'running at {{speed}}x',
  working: 'Running the scenario to {{t}}…',
  refused: 'Refused: {{message}}',
  rerun: 'Run {{run}}: re-run from the start on fresh stores.',
};

export const replayJa: typeof replayEn = {
  label: 'シナリオの再生',
  loading: 'シナリオの時計を読み込み中…',
  failed: 'シナリオの時計を読み込めません: {{message}}',
  none: 'このノードには再生機能がありません。時計はそのプロセス自身のものです（分散ノード）。再生は組込みネットワーク（concord start）の機能です。',
  play: '再生',
  pause: '一時停止',
  speed: '速度',
  time: 'シナリオ時刻',
  clock: '{{t}} / {{duration}}',
  scenario: 'シナリオ',
  paused: '一時停止中',
  ended: '終了',
  running: '{{speed}}倍速で進行中',
  working: 'シナリオを{{t}}まで実行中…',
  refused: '拒否されました: {{message}}',
  rerun: '第{{run}}回の実行: 空のストアで最初から再実行しました。',
};

export const replayKo: typeof replayEn = {
  label: '시나리오 재생',
  loading: '시나리오 시계를 읽는 중…',
  failed: '시나리오 시계를 읽을 수 없습니다: {{message}}',
  none: '이 노드에는 재생 기능이 없습니다. 시계는 자체 프로세스의 것입니다(분산 노드). 재생은 내장 네트워크(concord start)의 기능입니다.',
  play: '재생',
  pause: '일시 정지',
  speed: '속도',
  time: '시나리오 시각',
  clock: '{{t}} / {{duration}}',
  scenario: '시나리오',
  paused: '일시 정지됨',
  ended: '종료됨',
  running: '{{speed}}배속으로 진행 중',
  working: '시나리오를 {{t}}까지 실행 중…',
  refused: '거부됨: {{message}}',
  rerun: '{{run}}번째 실행: 빈 저장소로 처음부터 다시 실행했습니다.',
};

import type { Messages } from './en.js';

// 한국어
export const ko: Messages = {
  app: { title: 'Concord 콘솔' },
  session: {
    signedInAs: '{{nation}} 운용자',
    signOut: '로그아웃',
    language: '언어',
    signingIn: '로그인 중…',
    noToken:
      '로그인하지 않았습니다. `concord start`(또는 `concord network up`)가 출력한 운용자 링크(…/#/sign-in/<token>)를 여십시오.',
    badToken:
      '이 토큰은 이 노드의 어느 운용자의 것도 아닙니다(다른 실행의 링크?). 로그아웃하고 현재 링크를 사용하십시오.',
    unreachable: '노드에 연결할 수 없습니다: {{message}}',
    signedOut: '로그아웃했습니다.',
  },
  nation: { USA: '미국', JPN: '일본', KOR: '대한민국' },
  stream: {
    connecting: '연결 중…',
    open: '실시간',
    retrying: '연결이 끊겼습니다. 다시 연결 중…',
    refused: '노드가 거부했습니다: {{detail}}',
  },
  map: { cursor: '커서 {{lat}}, {{lon}}', outside: '커서가 지도 밖에 있음', label: '상황도' },
  warnings: {
    none: '경보 없음',
    reason: {
      impact: '낙하',
      'possible-impact': '낙하 가능성',
      overflight: '상공 통과',
      'possible-overflight': '상공 통과 가능성',
    },
    zone: { land: '육지', 'territorial-sea': '영해', eez: 'EEZ', base: '기지' },
    countdown: '{{time}} 후',
    passed: '{{time}} 전',
    withdrawn: '철회됨',
    line: '{{area}}, {{lat}} {{lon}} 부근 ({{track}}, {{phase}})',
    phase: { boost: '추진 단계', ballistic: '탄도 단계' },
    region: '경보',
  },
  tracks: {
    caption: '상황도의 항적 ({{count}})',
    empty: '아직 항적이 없습니다.',
    loading: '상황도를 기다리는 중…',
    id: '항적',
    origin: '발신국',
    kind: '자국/파트너',
    own: '자국',
    partner: '파트너',
    fused: '융합',
    lat: '위도',
    lon: '경도',
    altitude: '고도 (km)',
    speed: '속도 (m/s)',
    sigma: 'σ (m)',
    time: '시각 (UTC)',
    sortBy: '{{column}} 기준 정렬',
  },
  legend: {
    bases: '미군 기지',
    own: '자국 항적',
    partner: '파트너 항적',
    history: '궤적',
    impact: '예상 낙하 지점',
    zones: '해역',
  },
  clock: '시나리오 시각 {{time}}',
};

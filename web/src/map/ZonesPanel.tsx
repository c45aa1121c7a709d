import { useTranslation } from 'react-i18next';
import type { ZonesState } from './MapView.js';
import {
  BASE_COLOR,
  EEZ_COLOR,
  MARITIME_COLOR,
  TERRITORIAL_COLOR,
  ZONE_GROUPS,
  type ZoneGroup,
} from './zones-layer.js';

export interface ZonesPanelProps {
  readonly state: ZonesState;
  readonly shown: Readonly<Record<ZoneGroup, boolean>>;
  readonly onToggle: (group: ZoneGroup, on: boolean) => void;
}

/**
 * The map's layer switcher and legend: a checkbox per group of zones (keyboard: Tab to it, Space
 * to switch), a swatch per kind, and the warning that the territorial seas and EEZs are Concord's
 * computed approximations, not claimed or agreed boundaries. Folds away (its summary is a button).
 */
export function ZonesPanel({ state, shown, onToggle }: ZonesPanelProps) {
  const { t } = useTranslation();
  const bases =
    state.kind === 'ready' ? state.zones.features.filter((f) => f.properties.kind === 'base') : [];
  return (
    <details className="zones-panel" open data-testid="zones-panel">
      <summary>{t('zones.title')}</summary>
      <fieldset disabled={state.kind !== 'ready'}>
        <legend className="visually-hidden">{t('zones.title')}</legend>
        {ZONE_GROUPS.map((g) => (
          <label key={g} className="zones-toggle">
            <input
              type="checkbox"
              checked={shown[g]}
              onChange={(e) => onToggle(g, e.target.checked)}
              data-testid={`zones-toggle-${g}`}
            />{' '}
            {t(`zones.group.${g}`)}
          </label>
        ))}
      </fieldset>
      <ul className="zones-legend">
        <li>
          <span
            className="swatch"
            style={{ background: `${EEZ_COLOR}33`, border: `1px dashed ${EEZ_COLOR}` }}
          />{' '}
          {t('zones.legend.eez')}
        </li>
        <li>
          <span
            className="swatch"
            style={{ background: `${TERRITORIAL_COLOR}66`, border: `1px solid ${TERRITORIAL_COLOR}` }}
          />{' '}
          {t('zones.legend.territorialSea')}
        </li>
        <li>
          <span
            className="swatch"
            style={{ background: `${MARITIME_COLOR}22`, border: `1px solid ${MARITIME_COLOR}` }}
          />{' '}
          {t('zones.legend.maritime')}
        </li>
        <li>
          <span className="swatch round" style={{ background: BASE_COLOR }} /> {t('zones.legend.base')}
        </li>
      </ul>
      <p className="zones-note" data-testid="zones-note">
        {t('zones.note')}
      </p>
      {state.kind === 'loading' ? <p className="zones-state">{t('zones.loading')}</p> : null}
      {state.kind === 'failed' ? (
        <p className="zones-state error" role="alert">
          {t('zones.failed', { message: state.message })}
        </p>
      ) : null}
      {bases.length > 0 ? (
        <details className="zones-bases">
          <summary>{t('zones.basesList', { count: bases.length })}</summary>
          <ul>
            {bases.map((b) => (
              <li key={b.id}>{b.properties.name}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </details>
  );
}

import { useTranslation } from 'react-i18next';
import { type AgreementEvent, dayAt, FIRST_DAY, isDay, type Mark, sliderValue } from './matrix.js';

/**
 * The day the matrix is decided on: a slider from 2014 to today (arrow keys move a day, Page Up/Down
 * more), a date field for an exact day, and buttons for the marked dates: the days of the agreements'
 * events as the node serves them (`marks`), and today.
 */
export function DateSlider({
  day,
  today,
  marks: eventMarks,
  onDay,
}: {
  day: string;
  today: string;
  marks: readonly Mark[];
  onDay: (day: string) => void;
}) {
  const { t } = useTranslation();
  const label = (e: AgreementEvent) =>
    t(`agreements.event.${e.kind}`, { agreement: e.agreement, by: e.by ?? '' });
  const marks = [
    ...eventMarks
      .filter((m) => m.day !== today)
      .map((m) => ({ day: m.day, label: m.events.map(label).join('; ') })),
    { day: today, label: t('agreements.mark.today') },
  ];
  return (
    <div className="date-slider">
      <label className="slider">
        <span>{t('agreements.date')}</span>
        <input
          type="range"
          min={0}
          max={sliderValue(today)}
          step={1}
          value={sliderValue(day)}
          list="agreement-marks"
          onChange={(e) => onDay(dayAt(Number(e.target.value)))}
          aria-valuetext={day}
          data-testid="date-slider"
        />
        <datalist id="agreement-marks">
          {marks.map((m) => (
            <option key={m.day} value={sliderValue(m.day)} label={m.label} />
          ))}
        </datalist>
      </label>
      <label>
        <span className="visually-hidden">{t('agreements.exactDate')}</span>
        <input
          type="date"
          min={FIRST_DAY}
          max={today}
          value={day}
          onChange={(e) => isDay(e.target.value) && onDay(e.target.value)}
          data-testid="date-input"
        />
      </label>
      <fieldset className="marks">
        <legend className="visually-hidden">{t('agreements.marks')}</legend>
        {marks.map((m) => (
          <button
            key={m.day}
            type="button"
            aria-pressed={m.day === day}
            onClick={() => onDay(m.day)}
            data-testid={`mark-${m.day}`}
          >
            <time dateTime={m.day}>{m.day}</time> {m.label}
          </button>
        ))}
      </fieldset>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { type WorkerHistory } from '../api/types';

/**
 * The legend of the worker's history (R12, R13): each colour with its label (the API's, one
 * source) and one sentence saying what it means for the worker, from the domain's
 * `workerColour`: blue awaits the company, orange awaits them, yellow awaits someone else
 * (the user, or the company after a contest), green is final.
 */
export function ColourLegend({ legend }: { legend: WorkerHistory['legend'] }) {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="legend">{t('worker.legend')}</h2>
      <ul className="legend" aria-labelledby="legend">
        {legend.map((entry) => (
          <li key={entry.colour} className={`colour-${entry.colour}`} data-colour={entry.colour}>
            <span className="swatch" aria-hidden="true" />
            <span>
              <strong>{t(`status.colour.${entry.colour}`)}</strong>
              {t('app.colon')}
              <span data-colour-meaning>{t(`worker.colourMeaning.${entry.colour}`)}</span>
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

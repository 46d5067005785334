import { addDays, type BusinessDate } from '@compensa/domain';

/** Where "today" comes from: the wall clock in production, a settable clock in simulation and tests. */
export interface Clock {
  today(): BusinessDate;
}

/** Today's date in the utility's time zone (America/Sao_Paulo by default). */
export class SystemClock implements Clock {
  constructor(private readonly timeZone = 'America/Sao_Paulo') {}

  today(): BusinessDate {
    // en-CA formats as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone }).format(new Date()) as BusinessDate;
  }
}

/** A clock the simulation moves forward; it never goes back ("Time"). */
export class SettableClock implements Clock {
  constructor(private current: BusinessDate) {}

  today(): BusinessDate {
    return this.current;
  }

  /** Moves to `date` if it is later; returns whether it moved. */
  advanceTo(date: BusinessDate): boolean {
    if (date <= this.current) return false;
    this.current = date;
    return true;
  }

  /** The day before a date (commands dated d first run what is due before d). */
  static dayBefore(date: BusinessDate): BusinessDate {
    return addDays(date, -1);
  }
}

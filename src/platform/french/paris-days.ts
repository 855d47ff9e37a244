/**
 * An instant's day in Paris, formatted (« 07/12/2026 »), remembered by the instant's UTC hour:
 * Paris is always a whole number of hours from UTC (+1 in winter, +2 in summer, changing on an
 * hour's boundary), so its days begin on a UTC hour's boundary and every instant of one UTC hour
 * falls on the same day there. Formatting in a time zone costs a few microseconds each time; an
 * agents' list shows a hundred dates, half a millisecond of the server's ~9 ms per page
 * (bench:pages, the name search). At most 10,000 hours are remembered, then forgotten together.
 */
export function parisDayFormatter(format: Intl.DateTimeFormat): (date: Date) => string {
  const options = format.resolvedOptions();
  if (options.timeZone !== "Europe/Paris" || options.timeStyle !== undefined || options.hour !== undefined || options.minute !== undefined) {
    throw new RangeError("parisDayFormatter: a format of the day in Europe/Paris, without the time of day");
  }
  const days = new Map<number, string>();
  return (date) => {
    const hour = Math.floor(date.getTime() / 3_600_000);
    let day = days.get(hour);
    if (day === undefined) {
      day = format.format(date);
      if (days.size >= 10_000) days.clear();
      days.set(hour, day);
    }
    return day;
  };
}

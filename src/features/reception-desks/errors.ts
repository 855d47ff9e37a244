/** The CSV file cannot be read as a whole (encoding, header, quotes): nothing is loaded. */
export class UnusableDesksFile extends Error {
  override name = "UnusableDesksFile";
}

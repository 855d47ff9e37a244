import { tourOf } from "./tour.ts";

/** The tour of every page (see tour.ts) by the people who run the portal. */
tourOf(["demo.instructeur", "demo.admin", "demo.support"]);

import { tourOf } from "./tour.ts";

/** The tour of every page (see tour.ts) by the people the portal serves. */
tourOf(["un visiteur", "demo.usager", "demo.structure", "le bailleur"]);

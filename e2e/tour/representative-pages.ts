/**
 * The ten pages whose screenshots are kept in docs/screenshots/ (`npm run screenshots`), so a
 * reader sees the interface without running it: who sees the page, its kind of address (as the
 * tour names it: identifiers replaced by `:id`), and the file name.
 */
export const representativePages = [
  { person: "un visiteur", kind: "/", name: "01-accueil" },
  { person: "un visiteur", kind: "/demarches", name: "02-catalogue-des-demarches" },
  { person: "demo.usager", kind: "/tableau-de-bord", name: "03-tableau-de-bord" },
  { person: "demo.usager", kind: "/demandes/:id", name: "04-demande" },
  { person: "demo.structure", kind: "/structures/:id", name: "05-ma-structure" },
  { person: "demo.structure", kind: "/structures/:id/membres", name: "06-membres-de-la-structure" },
  { person: "demo.instructeur", kind: "/instruction", name: "07-instruction" },
  { person: "demo.instructeur", kind: "/instruction/logement-social/:id", name: "08-demande-instruite" },
  { person: "demo.admin", kind: "/administration", name: "09-administration" },
  { person: "demo.usager", kind: "/mon-compte", name: "10-mon-compte" },
];

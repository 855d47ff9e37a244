/** No account has this identifier (command line, administration pages). */
export class UnknownAccount extends Error {
  constructor(readonly identifier: string) {
    super(`Aucun compte n'a l'identifiant « ${identifier} ».`);
    this.name = "UnknownAccount";
  }
}

import { hostname } from "node:os";

/** This machine's short host name, as job records store it. */
export const HOST_NAME: string = hostname().split(".")[0] ?? "localhost";

/* nbtls client (client.c): argv after "client"; returns the exit status. */
#ifndef NBTLS_APPS_CLIENT_H
#define NBTLS_APPS_CLIENT_H
int nbtls_cmd_client(int argc, char **argv);
#endif

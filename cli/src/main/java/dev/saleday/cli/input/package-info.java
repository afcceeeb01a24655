/**
 * What every command shares about bad input: the exception that ends a command with exit code 2. A leaf package,
 * so that the commands ({@code dev.saleday.cli}) and the run ({@code dev.saleday.cli.run}) both use it and the run
 * never imports the commands.
 */
package dev.saleday.cli.input;

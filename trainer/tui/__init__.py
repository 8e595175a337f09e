"""The Textual shell: screens and widgets over the headless core. The only package that imports Textual."""

"""Kernels that this project starts talk to their client over encrypted TCP.

Recent ipykernel (7.4 here) logs this, once per kernel at start-up and on the terminal of
whoever started it, when it talks over TCP *without* transport encryption::

    [IPKernelApp] WARNING | Kernel is running over TCP without encryption. ...

The fix belongs to the side that starts the kernel: recent jupyter_client (8.10 here) can
give the kernel CurveZMQ keys (``KernelManager.transport_encryption``;
``"auto"`` does so for every kernel whose kernelspec declares
``"supported_encryption": ["curve"]``, as ipykernel's does). Its default is still
``"disabled"``, and MyST-NB (the book build) and nbclient create their kernel managers
without any configuration, so this module switches the default to ``"auto"`` for the
process that starts kernels:

* the book build, as a Sphinx extension listed in ``_config.yml`` (``local_extensions``);
* ``tools/run_notebooks.py``, by calling :func:`encrypt_kernel_transport`.

nbval needs nothing: it starts its kernels with their stderr sent to ``os.devnull``.
Nothing is hidden here: the kernel has nothing to warn about, and any other warning it
logs still reaches the terminal.
"""

from __future__ import annotations

from typing import Any


def encrypt_kernel_transport() -> bool:
    """Make ``"auto"`` the default of ``KernelManager.transport_encryption`` in this process.

    Returns
    -------
    bool
        True if the setting now applies; False where it cannot: a jupyter_client without
        the setting (from before the kernels' warning) or a libzmq without CurveZMQ.

    Notes
    -----
    Only the default changes: a value given in a kernel manager's configuration still
    wins. Kernel managers created afterwards, including those of subclasses such as
    nbclient's ``AsyncKernelManager``, read the new default.

    Examples
    --------
    >>> from jupyter_client.manager import KernelManager
    >>> if encrypt_kernel_transport():
    ...     assert KernelManager().transport_encryption == "auto"
    """
    try:
        import zmq
        from jupyter_client.manager import KernelManager
    except ImportError:
        return False
    trait = KernelManager.class_traits().get("transport_encryption")
    if trait is None or not zmq.has("curve"):
        return False
    trait.default_value = "auto"
    return True


def setup(app: Any) -> dict[str, bool]:
    """Sphinx entry point: encrypt the transport of the kernels MyST-NB starts."""
    encrypt_kernel_transport()
    return {"parallel_read_safe": True, "parallel_write_safe": True}

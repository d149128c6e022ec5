# The Binder image, and a class's JupyterHub image: mybinder.org builds this
# root Dockerfile with repo2docker (there must be no binder/ folder, or it
# would be ignored). JupyterLab comes from a pinned Jupyter base image whose
# user has uid 1000; the kernel is built in a pinned Go stage, whose
# toolchain the image keeps for compiled cells (%%run). The build steps are
# in scripts/image.sh, which CI runs too.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
# go.mod replaces yaegi with the patched copy here (third_party/README.md).
COPY third_party ./third_party
RUN go mod download
COPY . .
RUN scripts/image.sh build /out/gothreads

FROM quay.io/jupyter/base-notebook:2025-03-14
ARG NB_USER=jovyan
ARG NB_UID=1000
ARG NB_GID=100
# The build cache lives outside $HOME: a JupyterHub mounts each learner's
# volume over /home/jovyan, which would hide a cache warmed here.
ENV USER=${NB_USER} \
    HOME=/home/${NB_USER} \
    PATH=/usr/local/go/bin:${PATH} \
    GOTOOLCHAIN=local \
    GOCACHE=/opt/gothreads/go-build

USER root
# %%run -race builds with cgo, which needs a C compiler.
RUN apt-get update -q && apt-get install -y -q --no-install-recommends gcc libc6-dev && \
    rm -rf /var/lib/apt/lists/* && \
    mkdir -p /opt/gothreads/go-build /srv/gothreads && chown ${NB_UID}:${NB_GID} /opt/gothreads/go-build /srv/gothreads
COPY --from=build /usr/local/go /usr/local/go
COPY --from=build /out/gothreads /usr/local/bin/gothreads
# The lessons: in $HOME for Binder, and a copy in /srv/gothreads, outside
# the volume a JupyterHub mounts there (README, "For a class").
COPY --chown=${NB_UID}:${NB_GID} . ${HOME}
COPY --chown=${NB_UID}:${NB_GID} notebooks /srv/gothreads/notebooks
USER ${NB_USER}
RUN ${HOME}/scripts/image.sh install /usr/local/bin/gothreads
WORKDIR ${HOME}

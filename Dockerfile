# The Binder image: mybinder.org builds this root Dockerfile with repo2docker
# (there must be no binder/ folder, or it would be ignored). JupyterLab comes
# from a pinned Jupyter base image whose user has uid 1000; the kernel is
# built in a pinned Go stage. The build steps are in scripts/image.sh, which
# CI runs too.

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
ENV USER=${NB_USER} \
    HOME=/home/${NB_USER}

USER root
COPY --from=build /out/gothreads /usr/local/bin/gothreads
COPY . ${HOME}
RUN chown -R ${NB_UID} ${HOME}
USER ${NB_USER}
RUN ${HOME}/scripts/image.sh install /usr/local/bin/gothreads
WORKDIR ${HOME}
